"""iCalendar feeds read back with an independent parser (vobject), and RSS/Atom (feedparser)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import feedparser
import vobject
from django.conf import settings

from caucus.campaigns import services
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase, on_test_day

PRIVATE = "Flat 3, 12 Secret Street"


@on_test_day
class IcalTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        day = cls.campaign.days.first()
        cls.places = [
            ("America/Santiago", "Santiago", "CL", datetime(2031, 3, 4, 19, 0)),
            ("Asia/Baku", "Baku", "AZ", datetime(2031, 3, 4, 18, 30)),
            ("Europe/Istanbul", "Istanbul", "TR", datetime(2031, 3, 4, 12, 0)),
            ("America/Lima", "Lima", "PE", datetime(2031, 3, 4, 17, 0)),
            # across Santiago's September change: starts at −04, ends at −03
            ("America/Santiago", "Valparaiso", "CL", datetime(2031, 9, 6, 22, 30)),
            # starts in the repeated hour, the second time (written in UTC)
            ("America/Santiago", "Temuco", "CL", datetime(2031, 4, 5, 23, 30, fold=1)),
        ]
        cls.events = [
            make_event(
                cls.campaign,
                cls.alpha,
                zone=zone,
                city=city,
                country=cc,
                start=start,
                hours=4,
                day_of_action=day,
                title=f"Action in {city}",
            )
            for zone, city, cc, start in cls.places
        ]
        cls.private = make_event(
            cls.campaign,
            cls.gamma,
            zone="America/Santiago",
            city="Santiago",
            country="CL",
            title="Private place",
            address=PRIVATE,
            address_visibility="rsvp",
            start=datetime(2031, 3, 5, 10, 0),
        )

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        text = response.content.decode()
        self.assertNotIn(PRIVATE, text)
        return text, vobject.readOne(text)

    def test_every_feed_round_trips_times_through_vobject(self):
        urls = [
            f"/campaigns/{self.campaign.slug}/calendar.ics",
            f"/campaigns/{self.campaign.slug}/countries/CL/calendar.ics",
            f"/campaigns/{self.campaign.slug}/days/{self.campaign.days.first().pk}/calendar.ics",
            "/events/org/alpha/calendar.ics",
            *(f"/events/{e.uid}/event.ics" for e in [*self.events, self.private]),
        ]
        by_uid = {f"{e.uid}@caucus": e for e in [*self.events, self.private]}
        for url in urls:
            with self.subTest(url=url):
                text, calendar = self.parse(url)
                self.assertIn("X-WR-CALNAME:", text)
                self.assertIn("REFRESH-INTERVAL;VALUE=DURATION:PT1H", text)
                zones = {tz.tzid.value for tz in calendar.contents.get("vtimezone", [])}
                events = calendar.contents.get("vevent", [])
                self.assertTrue(events)
                for item in events:
                    event = by_uid[item.uid.value]
                    start, end = item.dtstart.value, item.dtend.value
                    local = event.starts_at.astimezone(event.zone)
                    if local.fold:
                        self.assertIn(f"DTSTART:{event.starts_at:%Y%m%dT%H%M%S}Z", text)
                    else:
                        self.assertIn(f"DTSTART;TZID={event.time_zone}:{local:%Y%m%dT%H%M%S}", text)
                    self.assertIsNotNone(start.tzinfo)
                    self.assertIn(event.time_zone, zones)
                    # Compare instants in UTC: Python's == is False across zones inside a fold.
                    self.assertEqual(start.astimezone(UTC), event.starts_at)
                    self.assertEqual(end.astimezone(UTC), event.ends_at)
                    local = start.astimezone(ZoneInfo(event.time_zone))
                    self.assertEqual(
                        local.replace(tzinfo=None),
                        event.starts_at.astimezone(event.zone).replace(tzinfo=None),
                    )
                    self.assertTrue(item.url.value.endswith(event.get_absolute_url()))
                    self.assertIn("sequence", item.contents)
                    self.assertIn("last-modified", item.contents)
                    self.assertIn("geo", item.contents)
                    self.assertIn("categories", item.contents)

    def test_santiago_event_spanning_the_dst_change_keeps_its_length(self):
        event = self.events[4]
        _text, calendar = self.parse(f"/events/{event.uid}/event.ics")
        item = calendar.vevent
        length = item.dtend.value.astimezone(UTC) - item.dtstart.value.astimezone(UTC)
        self.assertEqual(length, event.ends_at - event.starts_at)
        self.assertEqual(str(item.dtstart.value.utcoffset()), "-1 day, 20:00:00")
        self.assertEqual(str(item.dtend.value.utcoffset()), "-1 day, 21:00:00")

    def test_uid_stays_and_sequence_rises_and_cancelled_events_stay(self):
        event = self.events[0]
        url = f"/campaigns/{self.campaign.slug}/calendar.ics"
        services.event_change_status(event=event, status="cancelled", note="Storm", actor=None)
        _text, calendar = self.parse(url)
        item = next(i for i in calendar.vevent_list if i.uid.value == f"{event.uid}@caucus")
        self.assertEqual(item.status.value, "CANCELLED")
        self.assertEqual(item.sequence.value, "1")

    def test_a_cached_feed_follows_every_change_and_answers_304_when_unchanged(self):
        event = self.events[2]
        url = f"/campaigns/{self.campaign.slug}/countries/TR/calendar.ics"
        first = self.client.get(url)
        etag = first["ETag"]
        self.assertEqual(self.client.get(url, headers={"If-None-Match": etag}).status_code, 304)
        self.assertEqual(self.client.get(url).content, first.content)
        # An edit, a status change, and a renamed organization each make a new feed.
        data = {f: getattr(event, f) for f in services.EVENT_FIELDS}
        services.event_update(event=event, data={**data, "title": "Renamed"}, actor=None)
        _text, calendar = self.parse(url)
        self.assertEqual(calendar.vevent.summary.value, "Renamed")
        self.assertEqual(calendar.vevent.sequence.value, "1")
        services.event_change_status(event=event, status="cancelled", note="", actor=None)
        _text, calendar = self.parse(url)
        self.assertEqual(calendar.vevent.status.value, "CANCELLED")
        self.alpha.name = "Alpha United"
        self.alpha.save()
        response = self.client.get(url, headers={"If-None-Match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alpha United", response.content.decode())

    def test_location_has_public_address_and_never_a_private_one(self):
        text, calendar = self.parse(f"/events/{self.private.uid}/event.ics")
        self.assertIn("Santiago", calendar.vevent.location.value)
        self.assertNotIn("Secret", text)


@on_test_day
class SyndicationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=PRIVATE, address_visibility="hidden"
        )

    def test_rss_and_atom_parse_and_hide_private_addresses(self):
        for kind in ("rss", "atom"):
            with self.subTest(kind=kind):
                response = self.client.get(f"/campaigns/{self.campaign.slug}/feed/{kind}/")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(PRIVATE, response.content.decode())
                feed = feedparser.parse(response.content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual(len(feed.entries), 1)
                self.assertIn("Rally in Istanbul", feed.entries[0].title)
                self.assertEqual(feed.entries[0].id, f"urn:uuid:{self.event.uid}")

    def test_campaign_page_advertises_the_feeds(self):
        response = self.client.get(f"/campaigns/{self.campaign.slug}/")
        for kind, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            self.assertContains(
                response,
                f'<link rel="alternate" type="{mime}" title="{self.campaign.title} '
                f'({kind.upper() if kind == "rss" else "Atom"})" '
                f'href="/campaigns/{self.campaign.slug}/feed/{kind}/">',
            )
        webcal_site = "webcal://" + settings.SITE_URL.split("://", 1)[1]
        self.assertContains(response, f"{webcal_site}/campaigns/spring/calendar.ics")
