"""Meetings: scheduling in a time zone with an .ics invitation, attendance, minutes, actions."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from icalendar import Calendar

from caucus.decisions.models import ActionItem, Meeting, MinutesVersion
from caucus.test import BaseTestCase

NEW = "/coalitions/united/meetings/new/"


def meeting_data(**overrides) -> dict:
    data = {
        "title": "General assembly",
        "starts": "2026-05-04T18:00",
        "ends": "2026-05-04T20:00",
        "time_zone": "America/Santiago",
        "online_link": "https://meet.example.org/assembly",
        "place": "",
        "invited": [],
        "agenda": "Opening\nPlatform\nResolutions",
    }
    data.update(overrides)
    return data


class ScheduleMeetingTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                NEW, meeting_data(invited=[self.alpha.pk, self.gamma.pk], **overrides)
            )

    def test_it_stores_utc_and_the_zone_and_orders_the_agenda(self):
        response = self.post()
        meeting = Meeting.objects.get()
        self.assertRedirects(response, meeting.get_absolute_url())
        self.assertEqual(meeting.starts_at, datetime(2026, 5, 4, 22, 0, tzinfo=ZoneInfo("UTC")))
        self.assertEqual(meeting.time_zone, "America/Santiago")
        self.assertEqual(
            [i.title for i in meeting.agenda.all()], ["Opening", "Platform", "Resolutions"]
        )

    def test_it_emails_every_person_of_the_invited_orgs_with_an_ics(self):
        self.post()
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(len(recipients), 6)  # the five people of alpha, gamma's admin
        self.assertNotIn("outsider@example.org", recipients)
        name, content, mimetype = mail.outbox[0].attachments[0]
        self.assertEqual(name, "invitation.ics")
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        self.assertEqual(event.decoded("dtstart").utcoffset().total_seconds(), -4 * 3600)
        self.post(title="Second")  # a second meeting sends its own, the first none again
        self.assertEqual(len(mail.outbox), 12)

    def test_it_refuses_an_end_before_the_start(self):
        response = self.post(ends="2026-05-04T17:00")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_times_with_no_utc_instant(self):
        for zone, starts, ends in [
            ("Asia/Tokyo", "0001-01-01T00:00", "0001-01-01T02:00"),
            ("America/Santiago", "9999-12-31T20:00", "9999-12-31T23:59"),
        ]:
            with self.subTest(zone=zone):
                response = self.post(time_zone=zone, starts=starts, ends=ends)
                self.assertEqual(response.status_code, 400)
                self.assertIn("too far", str(response.context["form"].errors))
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_inviting_a_non_member(self):
        response = self.client.post(NEW, meeting_data(invited=[self.beta.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Meeting.objects.exists())


class MeetingFuzzTestCase(BaseTestCase, HypothesisTestCase):
    @settings(
        max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(title=st.text(max_size=250), zone=st.text(max_size=40), starts=st.text(max_size=20))
    def test_it_never_breaks_on_bad_input(self, title, zone, starts):
        self.client.force_login(self.coordinator)
        response = self.client.post(NEW, meeting_data(title=title, time_zone=zone, starts=starts))
        self.assertIn(response.status_code, (302, 400))
        if response.status_code == 400:
            self.assertFalse(Meeting.objects.exists())

    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        starts=st.datetimes(),
        hours=st.integers(min_value=-2, max_value=10_000),
        zone=st.sampled_from(["Asia/Tokyo", "America/Santiago", "Pacific/Kiritimati", "UTC"]),
    )
    def test_any_valid_looking_time_is_stored_or_refused(self, starts, hours, zone):
        self.client.force_login(self.coordinator)
        try:
            ends = starts + timedelta(hours=hours)
        except OverflowError:
            ends = starts
        response = self.client.post(
            NEW,
            meeting_data(
                time_zone=zone,
                starts=starts.isoformat(timespec="minutes"),
                ends=ends.isoformat(timespec="minutes"),
            ),
        )
        self.assertIn(response.status_code, (302, 400))
        if response.status_code == 400:
            self.assertFalse(Meeting.objects.exists())


class MinutesAndAttendanceTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)
        self.client.post(NEW, meeting_data(invited=[self.alpha.pk, self.gamma.pk]))
        self.meeting = Meeting.objects.get()
        self.base = f"/coalitions/united/meetings/{self.meeting.pk}/"

    def test_minutes_are_versioned_and_one_version_is_approved(self):
        self.client.post(self.base + "minutes/", {"text": "Draft"})
        self.client.post(self.base + "minutes/", {"text": "Final *text*"})
        self.assertEqual(list(MinutesVersion.objects.values_list("number", flat=True)), [2, 1])
        self.client.post(self.base + "minutes/2/approve/")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.approved_minutes.number, 2)
        self.client.force_login(self.delegate)
        self.assertContains(self.client.get(self.base), "<em>text</em>")
        self.assertContains(self.client.get(self.base + "minutes/"), "Draft")

    def test_unchanged_minutes_are_refused(self):
        self.client.post(self.base + "minutes/", {"text": "Same"})
        response = self.client.post(self.base + "minutes/", {"text": "Same"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(MinutesVersion.objects.count(), 1)

    def test_attendance_is_recorded_per_organization(self):
        response = self.client.post(
            self.base + "attendance/",
            {f"org_{self.alpha.pk}": "present", f"org_{self.gamma.pk}": "apologies"},
        )
        self.assertRedirects(response, self.base)
        rows = dict(self.meeting.attendance.values_list("organization__slug", "status"))
        self.assertEqual(rows, {"alpha": "present", "gamma": "apologies"})
        bad = self.client.post(self.base + "attendance/", {f"org_{self.alpha.pk}": "asleep"})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(self.meeting.attendance.get(organization=self.alpha).status, "present")

    def test_the_ics_download_is_a_calendar(self):
        response = self.client.get(self.base + "invitation.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn(b"BEGIN:VEVENT", response.content)


class ActionPlanTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)
        self.client.post(
            "/coalitions/united/actions/new/",
            {
                "text": "Translate the declaration",
                "responsible": [self.gamma.pk],
                "due": "2026-06-01",
            },
        )
        self.action = ActionItem.objects.get()
        self.url = f"/coalitions/united/actions/{self.action.pk}/status/"

    def test_a_responsible_organization_updates_the_status(self):
        self.client.force_login(self.gamma_admin)
        self.client.post(self.url, {"status": "in_progress"})
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "in_progress")

    def test_another_member_organization_cannot(self):
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.post(self.url, {"status": "done"}).status_code, 403)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "planned")

    def test_a_bad_status_is_refused(self):
        self.assertEqual(self.client.post(self.url, {"status": "gone"}).status_code, 400)

    def test_the_workspace_shows_the_plan(self):
        self.assertContains(self.client.get("/coalitions/united/"), "Translate the declaration")
