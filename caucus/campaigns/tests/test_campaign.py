"""Campaign pages: creating and editing, the page with map and counts, the calendar views."""

from datetime import UTC, date, datetime

import vobject

from caucus.campaigns import services
from caucus.campaigns.models import Campaign, Event
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase, on_test_day

CAMPAIGN_POST = {
    "title": "Autumn",
    "slug": "autumn",
    "summary": "S",
    "description": "**D**",
    "starts_on": "2031-10-01",
    "ends_on": "2031-10-14",
    "hashtag": "#A",
    "status": "planned",
    "registration": "members",
    "days_text": "2031-10-02 | Day one | #One\n2031-10-09 | Day two",
    "demands_text": "First\nSecond",
    "targets_text": "Acme | company | TR",
}


@on_test_day
class CreateCampaignTestCase(BaseTestCase):
    url = "/campaigns/of/united/new/"

    def test_it_creates_with_days_demands_targets(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, CAMPAIGN_POST)
        campaign = Campaign.objects.get()
        self.assertRedirects(response, "/campaigns/autumn/", fetch_redirect_response=False)
        self.assertEqual([d.name for d in campaign.days.all()], ["Day one", "Day two"])
        self.assertEqual([d.text for d in campaign.demands.all()], ["First", "Second"])
        self.assertEqual(campaign.targets.get().kind, "company")
        self.assertIn("<strong>D</strong>", campaign.description_html)

    def test_it_refuses_bad_input(self):
        self.client.force_login(self.coordinator)
        for field, value in [
            ("ends_on", "2031-09-01"),
            ("days_text", "2031-12-01 | Late"),
            ("days_text", "tomorrow | x"),
            ("targets_text", "Acme | bank"),
            ("targets_text", "Acme | company | XX"),
            ("slug", ""),
        ]:
            with self.subTest(field=field, value=value):
                response = self.client.post(self.url, {**CAMPAIGN_POST, field: value})
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(Campaign.objects.exists())

    def test_it_refuses_non_coordinators(self):
        for user in (self.delegate, self.org_admin, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, CAMPAIGN_POST).status_code, 403)
        self.assertFalse(Campaign.objects.exists())

    def test_editing_keeps_days_that_events_use(self):
        campaign = make_campaign(self.coalition)
        day = campaign.days.first()
        event = make_event(campaign, self.alpha, day_of_action=day)
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/campaigns/{campaign.slug}/edit/")
        data = {
            **CAMPAIGN_POST,
            "slug": campaign.slug,
            "starts_on": "2031-03-01",
            "ends_on": "2031-03-14",
            "days_text": "2031-03-04 | Renamed day\n2031-03-12 | New",
        }
        self.assertEqual(response.status_code, 200)
        self.client.post(f"/campaigns/{campaign.slug}/edit/", data)
        event.refresh_from_db()
        self.assertEqual(event.day_of_action.name, "Renamed day")


@on_test_day
class CampaignPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        for city, cc, zone, lat, lon in [
            ("Istanbul", "TR", "Europe/Istanbul", 41.0, 28.9),
            ("Ankara", "TR", "Europe/Istanbul", 39.9, 32.8),
            ("Santiago", "CL", "America/Santiago", -33.4, -70.6),
        ]:
            make_event(
                cls.campaign,
                cls.alpha,
                city=city,
                country=cc,
                zone=zone,
                latitude=lat,
                longitude=lon,
            )
        make_event(
            cls.campaign,
            cls.gamma,
            city="Santiago",
            country="CL",
            zone="America/Santiago",
            latitude=-33.4,
            longitude=-70.6,
            start=datetime(2031, 3, 11, 10, 0),
        )

    def test_it_shows_counts_map_and_table_from_aggregates(self):
        # ... one for linked statements, one for the near form's suggestions, one for the
        # federation middleware's lookup of the campaign, and one for its translations.
        with self.assertNumQueries(10):
            response = self.client.get("/campaigns/spring/")
        counts = response.context["counts"]
        self.assertEqual(counts, {"events": 4, "countries": 2, "cities": 3, "organizations": 2})
        self.assertContains(response, "<svg")
        # The country's link and path, the dot's link, the table's row.
        self.assertContains(response, 'data-country="CL"', count=4)
        self.assertContains(response, "<td>2</td>", count=3)
        self.assertNotContains(response, "style=")

    def test_the_map_page_works_without_events(self):
        for event in Event.objects.all():
            services.event_change_status(event=event, status="cancelled", note="", actor=None)
        response = self.client.get("/campaigns/spring/map/")
        self.assertContains(response, "No actions registered yet.")

    def test_the_calendar_list_filters_and_counts_queries(self):
        # campaign, days of action, count, page, and the coalition's next court hearings
        with self.assertNumQueries(6):  # and the campaign's translations, for its title
            response = self.client.get("/campaigns/spring/calendar/?country=CL")
        self.assertEqual(len(response.context["page"].object_list), 2)
        response = self.client.get(
            f"/campaigns/spring/calendar/?day={self.campaign.days.last().pk}"
        )
        self.assertEqual(len(response.context["page"].object_list), 0)

    def test_per_country_feeds_are_offered_as_https_and_webcal(self):
        """Subscriptions name SITE_URL, never the Host the page was asked with (anyone can send
        any Host; behind a proxy it is not the public one)."""
        with self.settings(SITE_URL="https://caucus.example", ALLOWED_HOSTS=["*"]):
            page = self.client.get("/campaigns/spring/map/", HTTP_HOST="mirror.example")
            calendar = self.client.get(
                "/campaigns/spring/calendar/?country=CL", HTTP_HOST="mirror.example"
            )
        self.assertContains(page, 'href="/campaigns/spring/countries/CL/calendar.ics"')
        self.assertContains(
            page, 'href="webcal://caucus.example/campaigns/spring/countries/CL/calendar.ics"'
        )
        self.assertContains(
            calendar, "webcal://caucus.example/campaigns/spring/countries/CL/calendar.ics"
        )
        self.assertContains(
            calendar, 'href="https://caucus.example/campaigns/spring/countries/CL/calendar.ics"'
        )
        for response in (page, calendar):
            self.assertNotContains(response, "mirror.example")
        feed = self.client.get("/campaigns/spring/countries/CL/calendar.ics")
        parsed = vobject.readOne(feed.content.decode())
        self.assertEqual({e.location.value.split(", ")[-1] for e in parsed.vevent_list}, {"Chile"})
        self.assertEqual(len(parsed.vevent_list), 2)

    def test_the_event_page_offers_its_organizations_feed(self):
        event = Event.objects.filter(organization=self.alpha).first()
        with self.settings(SITE_URL="https://caucus.example", ALLOWED_HOSTS=["*"]):
            page = self.client.get(event.get_absolute_url(), HTTP_HOST="mirror.example")
        self.assertContains(page, 'href="/events/org/alpha/calendar.ics"')
        self.assertContains(page, 'href="webcal://caucus.example/events/org/alpha/calendar.ics"')
        self.assertNotContains(page, "mirror.example")
        feed = self.client.get("/events/org/alpha/calendar.ics")
        self.assertEqual(len(vobject.readOne(feed.content.decode()).vevent_list), 3)

    def test_the_organization_page_offers_its_actions_feed(self):
        with self.settings(SITE_URL="https://caucus.example", ALLOWED_HOSTS=["*"]):
            page = self.client.get("/o/alpha/", HTTP_HOST="mirror.example")
        self.assertContains(page, 'href="/events/org/alpha/calendar.ics"')
        self.assertContains(page, 'href="webcal://caucus.example/events/org/alpha/calendar.ics"')
        self.assertNotContains(page, "mirror.example")

    def test_day_counts_agree_with_counting_one_by_one_across_dst(self):
        from zoneinfo import ZoneInfo

        from caucus.campaigns.views.calendar import _day_counts, _day_starts

        starts = [
            # midnight exactly, a minute before, and the repeated hour in Santiago
            datetime(2031, 4, 6, 3, 0, tzinfo=UTC),
            datetime(2031, 4, 6, 2, 59, tzinfo=UTC),
            datetime(2031, 4, 6, 4, 30, tzinfo=UTC),
            datetime(2031, 4, 5, 18, 30, tzinfo=UTC),  # midnight in Kolkata (+05:30)
            datetime(2031, 3, 30, 1, 0, tzinfo=UTC),  # Europe's spring-forward instant
        ]
        for when in starts:
            Event.objects.create(
                campaign=self.campaign,
                organization=self.alpha,
                title="Edge",
                kind="rally",
                starts_at=when,
                ends_at=when,
                time_zone="UTC",
                city="Istanbul",
                country="TR",
            )
        events = Event.objects.listed().filter(campaign=self.campaign)
        every = list(events.values_list("starts_at", flat=True))
        for name in ("America/Santiago", "Asia/Kolkata", "Europe/Berlin", "Asia/Baku", "UTC"):
            with self.subTest(zone=name):
                bounds = _day_starts(date(2031, 3, 1), 61, ZoneInfo(name))
                expected = [
                    sum(1 for t in every if bounds[n] <= t < bounds[n + 1])
                    for n in range(len(bounds) - 1)
                ]
                self.assertEqual(_day_counts(events, bounds), expected)

    def test_the_month_grid_counts_days_in_the_readers_zone(self):
        # 18:00 in Santiago on 4 March is 01:00 on 5 March in Baku.
        response = self.client.get(
            "/campaigns/spring/calendar/?view=month&month=2031-03&country=CL&tz=Asia/Baku"
        )
        cells = {c["date"]: c["count"] for c in response.context["cells"] if c}
        self.assertEqual(cells[date(2031, 3, 5)], 1)
        self.assertEqual(cells[date(2031, 3, 4)], 0)
        response = self.client.get(
            "/campaigns/spring/calendar/?view=week&week=2031-03-04&country=CL&tz=America/Santiago"
        )
        cells = {c["date"]: c["count"] for c in response.context["cells"]}
        self.assertEqual(cells[date(2031, 3, 4)], 1)

    def test_reader_sees_both_zones(self):
        event = Event.objects.get(city="Santiago", organization=self.alpha)
        self.client.cookies["caucus_tz"] = "Asia/Baku"
        response = self.client.get(event.get_absolute_url())
        # The place's clock and zone first, then the reader's: a day later in Baku.
        self.assertContains(response, ">Tue 4 March 2031, 18:00–20:00</time>")
        self.assertContains(response, "(Santiago time, UTC−03:00)")
        self.assertContains(
            response, "your time: Wed 5 March 2031, 01:00–03:00 (Baku time, UTC+04:00)"
        )

    def test_the_selector_sets_the_zone_without_javascript(self):
        response = self.client.post(
            "/campaigns/reader-zone/", {"tz": "America/Lima", "next": "/campaigns/spring/"}
        )
        self.assertRedirects(response, "/campaigns/spring/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["caucus_tz"].value, "America/Lima")
        response = self.client.post(
            "/campaigns/reader-zone/", {"tz": "Nowhere/Land", "next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], "/")

    def test_embed_and_json(self):
        response = self.client.get("/campaigns/spring/embed/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("X-Frame-Options", response)
        data = self.client.get("/campaigns/spring/embed.json").json()
        self.assertEqual(data["campaign"]["title"], "Spring of Action")

    def test_coalition_pages_list_the_campaign(self):
        self.assertContains(self.client.get(self.coalition.get_absolute_url()), "Spring of Action")
