"""The coalition's court hearings on a campaign's month and week grids and in its iCal feeds:
in the court's zone and the reader's, public cases only and only their public face, filtered
like the actions, with the UID of the hearings' own calendar and STATUS:CANCELLED kept."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.solidarity import services as solidarity
from caucus.solidarity.models import EntryKind, TimelineEntry
from caucus.solidarity.tests.base import CITY, FULL_NAME, CaseTestCase
from caucus.test import on_test_day

SECRETS = (FULL_NAME, "Ayşe", "Yılmaz", CITY)


class HearingsOnTheGridTestCase(CaseTestCase):
    """The protected case "A.Y." (alpha's, Turkey) has a hearing next 10 March at 09:30 in
    Europe/Istanbul (06:30 UTC) at the "Heavy Penal Court No. 2"."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.day = cls.hearing.date
        cls.month = cls.day.strftime("%Y-%m")

    def grid(self, tz: str = "America/Santiago", **params):
        query = {"view": "month", "month": self.month, "tz": tz, **params}
        response = self.client.get(f"/campaigns/{self.campaign.slug}/calendar/", query)
        self.assertEqual(response.status_code, 200)
        return response

    def cell(self, response, day: date) -> dict:
        return next(c for c in response.context["cells"] if c and c["date"] == day)

    def test_it_shows_the_hearing_in_the_readers_day_with_both_clocks(self):
        response = self.grid()  # Santiago is at UTC−03:00 in March: 03:30 the same day
        hearings = self.cell(response, self.day)["hearings"]
        self.assertEqual([h.name for h in hearings], ["A.Y."])
        self.assertContains(response, "data-hearing", count=1)
        self.assertContains(response, "Court hearing")
        self.assertContains(response, "<bdi>03:30</bdi> <bdi>A.Y.</bdi>")
        self.assertContains(response, "(09:30 court time, Istanbul)")
        self.assertContains(response, "Heavy Penal Court No. 2")
        self.assertContains(response, 'href="/cases/a-y/"')
        for secret in SECRETS:
            self.assertNotContains(response, secret)

    def test_a_reader_west_of_the_court_sees_it_the_day_before(self):
        response = self.grid(tz="Pacific/Honolulu")  # UTC−10: 20:30 on the 9th
        self.assertEqual(self.cell(response, self.day)["hearings"], [])
        before = self.cell(response, self.day - timedelta(days=1))["hearings"]
        self.assertEqual([h.name for h in before], ["A.Y."])
        court_day = self.hearing.local_start.strftime("%a %-d")  # "Wed 10"
        self.assertContains(response, "<bdi>20:30</bdi> <bdi>A.Y.</bdi>")
        self.assertContains(response, f"({court_day} 09:30 court time, Istanbul)")

    def test_a_reader_in_the_courts_zone_sees_one_clock(self):
        response = self.grid(tz="Europe/Istanbul")
        self.assertContains(response, "<bdi>09:30</bdi> <bdi>A.Y.</bdi>")
        self.assertNotContains(response, "court time")

    def test_the_week_view_shows_it_too(self):
        monday = self.day - timedelta(days=self.day.weekday())
        response = self.client.get(
            f"/campaigns/{self.campaign.slug}/calendar/",
            {"view": "week", "week": monday.isoformat(), "tz": "UTC"},
        )
        self.assertEqual([h.name for h in self.cell(response, self.day)["hearings"]], ["A.Y."])
        self.assertContains(response, "<bdi>06:30</bdi> <bdi>A.Y.</bdi>")

    def test_it_sits_beside_the_days_actions(self):
        local = self.hearing.local_start.replace(tzinfo=None, hour=18, minute=0)
        make_event(self.campaign, self.alpha, start=local)
        response = self.grid(tz="Europe/Istanbul")
        cell = self.cell(response, self.day)
        self.assertEqual((cell["count"], len(cell["hearings"])), (1, 1))
        self.assertContains(response, "<bdi>18:00</bdi> <bdi>Rally in Istanbul</bdi>")

    def test_the_filters_apply_as_far_as_a_hearing_has_the_field(self):
        day = self.campaign.days.first().pk
        for params, shown in [
            ({"country": "TR"}, True),
            ({"country": "AR"}, False),
            ({"org": "alpha"}, True),
            ({"org": "gamma"}, False),
            ({"city": CITY}, False),  # a protected case has no public city
            ({"kind": "rally"}, False),
            ({"day": str(day)}, False),
            ({"country": "ZZ"}, True),  # an invalid filter filters nothing, as for actions
        ]:
            with self.subTest(params=params):
                cell = self.cell(self.grid(**params), self.day)
                self.assertEqual(bool(cell["hearings"]), shown)

    def test_the_city_filter_finds_a_case_that_is_not_protected(self):
        self.hearing.case = self.open_case
        self.hearing.save()
        cell = self.cell(self.grid(city="rosario"), self.day)
        self.assertEqual([h.name for h in cell["hearings"]], ["Mehmet Demir"])

    def test_hearings_of_unpublished_cases_and_other_kinds_stay_out(self):
        TimelineEntry.objects.create(
            case=self.draft,
            kind=EntryKind.HEARING,
            date=self.day,
            starts_at=self.hearing.starts_at,
            time_zone="America/Santiago",
            place="Secret court",
        )
        TimelineEntry.objects.create(
            case=self.open_case, kind=EntryKind.UPDATE, date=self.day, note="Not a hearing"
        )
        response = self.grid()
        self.assertEqual(len(self.cell(response, self.day)["hearings"]), 1)
        self.assertNotContains(response, "Secret court")
        self.assertNotContains(response, "Draft Person")

    def test_a_deleted_hearing_stays_marked_cancelled(self):
        solidarity.entry_delete(entry=self.hearing, actor=self.coordinator)
        response = self.grid()
        hearings = self.cell(response, self.day)["hearings"]
        self.assertEqual([(h.name, h.cancelled) for h in hearings], [("A.Y.", True)])
        self.assertContains(response, 'class="hearing cancelled"')
        for secret in SECRETS:
            self.assertNotContains(response, secret)

    def test_the_grid_reads_the_same_number_of_queries_for_any_number_of_hearings(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.grid()
            return len(queries)

        before = count()
        for n in range(5):
            TimelineEntry.objects.create(
                case=self.open_case,
                kind=EntryKind.HEARING,
                date=self.day,
                starts_at=self.hearing.starts_at + timedelta(days=n),
                time_zone="America/Argentina/Buenos_Aires",
                place=f"Court {n}",
            )
        self.assertEqual(count(), before)

    def test_the_list_view_keeps_its_section_of_upcoming_hearings(self):
        response = self.client.get(f"/campaigns/{self.campaign.slug}/calendar/")
        self.assertContains(response, "Hearing: A.Y.")
        self.assertNotContains(self.grid(), "Hearing: A.Y.")  # the grid has them in place


@on_test_day
class HearingsInTheFeedTestCase(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        make_event(cls.campaign, cls.gamma, city="Santiago", country="CL", zone="America/Santiago")

    def feed(self, path: str = "", **params) -> Calendar:
        url = path or f"/campaigns/{self.campaign.slug}/calendar.ics"
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        vobject.readOne(response.content.decode())  # an independent parser reads it too
        return Calendar.from_ical(response.content)

    def hearings(self, calendar: Calendar) -> list:
        return [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("case-hearing-")]

    def test_the_campaign_feed_carries_the_hearing_as_its_own_calendar_does(self):
        calendar = self.feed()
        (hearing,) = self.hearings(calendar)
        own = Calendar.from_ical(self.client.get("/cases/calendar/united.ics").content)
        self.assertEqual(str(hearing["UID"]), str(own.walk("VEVENT")[0]["UID"]))
        self.assertEqual(str(hearing["UID"]), f"case-hearing-{self.hearing.pk}@127.0.0.1")
        self.assertEqual(hearing["DTSTART"].params["TZID"], "Europe/Istanbul")
        self.assertEqual(hearing.decoded("DTSTART").astimezone(UTC), self.hearing.starts_at)
        self.assertEqual(hearing.decoded("DTSTART").strftime("%H:%M"), "09:30")
        zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
        self.assertEqual(zones, {"Europe/Istanbul", "America/Santiago"})
        text = calendar.to_ical().decode()
        self.assertIn("A.Y.", str(hearing["SUMMARY"]))
        for secret in SECRETS:
            self.assertNotIn(secret, text)
        self.assertEqual(len(calendar.walk("VEVENT")), 2)

    def test_the_times_round_trip_through_vobject(self):
        response = self.client.get(f"/campaigns/{self.campaign.slug}/calendar.ics")
        parsed = vobject.readOne(response.content.decode())
        starts = {
            e.uid.value: e.dtstart.value.astimezone(UTC)
            for e in parsed.vevent_list
            if e.uid.value.startswith("case-hearing-")
        }
        self.assertEqual(list(starts.values()), [self.hearing.starts_at])

    def test_an_edit_raises_the_sequence_and_moves_the_etag(self):
        url = f"/campaigns/{self.campaign.slug}/calendar.ics"
        etag = self.client.get(url)["ETag"]
        self.assertEqual(self.client.get(url, headers={"if-none-match": etag}).status_code, 304)
        local = self.hearing.local_start
        solidarity.entry_update(
            entry=self.hearing,
            actor=self.coordinator,
            kind=EntryKind.HEARING,
            date=local.date(),
            time=local.time().replace(hour=11),
            time_zone="Europe/Istanbul",
            place="Another court",
        )
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        (hearing,) = self.hearings(Calendar.from_ical(response.content))
        self.assertEqual(int(hearing["SEQUENCE"]), 1)
        self.assertEqual(hearing.decoded("DTSTART").hour, 11)

    def test_a_deleted_hearing_stays_as_cancelled(self):
        uid = f"case-hearing-{self.hearing.pk}@127.0.0.1"
        solidarity.entry_delete(entry=self.hearing, actor=self.coordinator)
        (hearing,) = self.hearings(self.feed())
        self.assertEqual(str(hearing["UID"]), uid)
        self.assertEqual(str(hearing["STATUS"]), "CANCELLED")
        self.assertEqual(int(hearing["SEQUENCE"]), 1)

    def test_a_case_switched_to_protected_mode_moves_the_etag_and_withholds_its_name(self):
        self.open_case.entries.create(
            kind=EntryKind.HEARING,
            date=self.hearing.date,
            starts_at=self.hearing.starts_at,
            time_zone="America/Argentina/Buenos_Aires",
            place="Rosario Federal Court",
        )
        url = f"/campaigns/{self.campaign.slug}/calendar.ics"
        etag = self.client.get(url)["ETag"]
        self.open_case.protected = True
        self.open_case.display_name = "M.D."
        self.open_case.updated = timezone.now()
        self.open_case.save()
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"Mehmet", response.content)
        self.assertNotIn(b"Rosario", response.content)

    def test_filters_and_the_country_feed_apply_to_hearings(self):
        slug = self.campaign.slug
        self.assertEqual(len(self.hearings(self.feed(country="TR"))), 1)
        self.assertEqual(len(self.hearings(self.feed(country="CL"))), 0)
        self.assertEqual(len(self.hearings(self.feed(kind="rally"))), 0)
        self.assertEqual(
            len(self.hearings(self.feed(f"/campaigns/{slug}/countries/TR/calendar.ics"))), 1
        )
        self.assertEqual(
            len(self.hearings(self.feed(f"/campaigns/{slug}/countries/cl/calendar.ics"))), 0
        )
        day = self.campaign.days.first().pk
        self.assertEqual(
            len(self.hearings(self.feed(f"/campaigns/{slug}/days/{day}/calendar.ics"))), 0
        )

    def test_long_past_hearings_and_unpublished_cases_stay_out(self):
        past = datetime.now(UTC) - timedelta(days=45)
        TimelineEntry.objects.filter(pk=self.hearing.pk).update(
            starts_at=past, date=past.astimezone(ZoneInfo("Europe/Istanbul")).date()
        )
        self.assertEqual(self.hearings(self.feed()), [])
        TimelineEntry.objects.create(
            case=self.draft,
            kind=EntryKind.HEARING,
            date=date(2031, 3, 4),
            starts_at=datetime(2031, 3, 4, 12, tzinfo=UTC),
            time_zone="America/Santiago",
        )
        self.assertEqual(self.hearings(self.feed()), [])
