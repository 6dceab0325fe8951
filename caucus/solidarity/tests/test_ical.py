"""The hearings feed: VTIMEZONE, stable UID, SEQUENCE, and only future public hearings."""

from datetime import date

from icalendar import Calendar

from caucus.solidarity import services
from caucus.solidarity.models import upcoming_hearings
from caucus.solidarity.tests.base import CaseTestCase


class HearingsCalendarTestCase(CaseTestCase):
    def get_calendar(self) -> Calendar:
        response = self.client.get("/cases/calendar/united.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar")
        return Calendar.from_ical(response.content)

    def test_it_lists_upcoming_hearings_in_the_courts_zone(self):
        cal = self.get_calendar()
        events = cal.walk("VEVENT")
        self.assertEqual(len(events), 1)
        event = events[0]
        self.assertEqual(str(event["UID"]), f"case-hearing-{self.hearing.pk}@127.0.0.1")
        self.assertEqual(int(event["SEQUENCE"]), 0)
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Istanbul")
        self.assertEqual(event.decoded("DTSTART").hour, 9)
        self.assertIn("A.Y.", str(event["SUMMARY"]))
        tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
        self.assertEqual(tzids, ["Europe/Istanbul"])

    def test_the_uid_stays_and_the_sequence_grows_on_edit(self):
        self.hearing.sequence = 3
        self.hearing.save()
        event = self.get_calendar().walk("VEVENT")[0]
        self.assertEqual(str(event["UID"]), f"case-hearing-{self.hearing.pk}@127.0.0.1")
        self.assertEqual(int(event["SEQUENCE"]), 3)

    def test_it_leaves_out_past_hearings_and_unpublished_cases(self):
        self.hearing.date = date(2024, 1, 1)
        self.hearing.starts_at = self.hearing.starts_at.replace(year=2024)
        self.hearing.save()
        self.assertEqual(self.get_calendar().walk("VEVENT"), [])
        self.assertEqual(list(upcoming_hearings(self.coalition)), [])

    def test_upcoming_hearings_skips_drafts(self):
        self.assertEqual([e.pk for e in upcoming_hearings(self.coalition)], [self.hearing.pk])
        self.protected.published_at = None
        self.protected.save()
        self.assertEqual(list(upcoming_hearings(self.coalition)), [])

    def test_a_private_coalition_has_no_public_calendar(self):
        self.coalition.is_public = False
        self.coalition.save()
        self.assertEqual(self.client.get("/cases/calendar/united.ics").status_code, 404)

    def test_a_deleted_future_hearing_stays_as_cancelled(self):
        uid = f"case-hearing-{self.hearing.pk}@127.0.0.1"
        self.hearing.sequence = 2
        self.hearing.save()
        services.entry_delete(entry=self.hearing, actor=self.coordinator)
        events = self.get_calendar().walk("VEVENT")
        self.assertEqual([str(e["UID"]) for e in events], [uid])
        self.assertEqual(str(events[0]["STATUS"]), "CANCELLED")
        self.assertEqual(int(events[0]["SEQUENCE"]), 3)
        self.assertEqual(events[0].decoded("DTSTART").hour, 9)
        self.assertIn("A.Y.", str(events[0]["SUMMARY"]))
        self.assertNotIn("Gebze", self.client.get("/cases/calendar/united.ics").content.decode())
        # The case page no longer lists it.
        self.assertNotContains(self.client.get("/cases/a-y/"), uid)


class CampaignCalendarHearingsTestCase(CaseTestCase):
    def test_the_campaign_calendar_shows_upcoming_hearings_in_both_zones(self):
        from caucus.campaigns.tests.helpers import make_campaign

        campaign = make_campaign(self.coalition, actor=self.coordinator)
        url = f"/campaigns/{campaign.slug}/calendar/"
        page = self.client.get(url, {"view": "list", "tz": "America/Santiago"})
        self.assertContains(page, "Hearing: A.Y.")
        self.assertContains(page, ", 09:30</time>")  # the court's clock, then the reader's
        self.assertContains(page, "(Istanbul time, UTC+03:00)")
        self.assertContains(page, "your time: 03:30 (Santiago time, UTC−03:00)")
        self.assertContains(page, "/cases/calendar/united.ics")
        for secret in ("Ayşe", "Yılmaz", "Gebze"):
            self.assertNotContains(page, secret)
        self.hearing.delete()
        self.assertNotContains(self.client.get(url), "Hearing: A.Y.")
