"""Editing, rescheduling and cancelling a meeting: invitees get an updated .ics (same UID,
next SEQUENCE), the page says what happened, and refusals change nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from caucus.audit.models import AuditEntry
from caucus.decisions.models import Meeting, MeetingChange
from caucus.decisions.services import meetings
from caucus.decisions.tasks import meeting_ics
from caucus.test import BaseTestCase

UTC = ZoneInfo("UTC")


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    return calendar, calendar.walk("VEVENT")[0]


class MeetingChangeCase(BaseTestCase):
    """A meeting of alpha and gamma in Santiago, its invitations already sent."""

    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.meeting = meetings.meeting_schedule(
                coalition=self.coalition,
                actor=self.coordinator,
                title="General assembly",
                starts=datetime(2026, 5, 4, 18, 0),
                ends=datetime(2026, 5, 4, 20, 0),
                time_zone="America/Santiago",
                online_link="https://meet.example.org/assembly",
                invited=[self.alpha, self.gamma],
                agenda=["Opening", "Platform"],
            )
        mail.outbox.clear()
        self.base = f"/coalitions/united/meetings/{self.meeting.pk}/"
        self.client.force_login(self.coordinator)

    def edit_data(self, **overrides) -> dict:
        data = {
            "title": "General assembly",
            "starts": "2026-05-04T18:00",
            "ends": "2026-05-04T20:00",
            "time_zone": "America/Santiago",
            "place": "",
            "online_link": "https://meet.example.org/assembly",
            "invited": [self.alpha.pk, self.gamma.pk],
        }
        data.update(overrides)
        return data

    def post(self, url: str, data: dict):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data)


class RescheduleTestCase(MeetingChangeCase):
    def test_the_edit_form_shows_the_local_times_in_the_meeting_zone(self):
        response = self.client.get(self.base + "edit/")
        self.assertContains(response, 'value="2026-05-04T18:00"')
        self.assertContains(response, '<option value="America/Santiago" selected>')
        self.assertNotContains(response, 'name="agenda"')

    def test_rescheduling_emails_an_updated_ics_with_the_same_uid_and_next_sequence(self):
        first_uid = event_of(meeting_ics(self.meeting))[1]["uid"]
        response = self.post(
            self.base + "edit/", self.edit_data(starts="2026-05-05T19:30", ends="2026-05-05T21:30")
        )
        self.assertRedirects(response, self.base)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.starts_at, datetime(2026, 5, 5, 23, 30, tzinfo=UTC))
        self.assertEqual(self.meeting.sequence, 1)
        self.assertEqual(self.meeting.original_starts_at, datetime(2026, 5, 4, 22, 0, tzinfo=UTC))
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(len(recipients), 6)  # the five people of alpha, gamma's admin
        message = mail.outbox[0]
        self.assertIn("Changed: General assembly", message.subject)
        self.assertIn("It was to start at", message.body)
        name, content, mimetype = message.attachments[0]
        self.assertEqual(mimetype, "text/calendar; method=REQUEST")
        calendar, event = event_of(content)
        self.assertEqual(str(calendar["method"]), "REQUEST")
        self.assertEqual(event["uid"], first_uid)
        self.assertEqual(event["sequence"], 1)
        self.assertEqual(str(event["status"]), "CONFIRMED")
        self.assertIn("last-modified", event)
        start = event.decoded("dtstart")
        self.assertEqual(
            (start.hour, start.minute, str(start.tzinfo)), (19, 30, "America/Santiago")
        )
        change = MeetingChange.objects.get()
        self.assertEqual(change.fields, ["starts_at", "ends_at"])
        self.assertEqual(
            change.previous,
            {"starts_at": "2026-05-04T22:00:00.000000Z", "ends_at": "2026-05-05T00:00:00.000000Z"},
        )
        self.assertIsNotNone(change.notified_at)
        self.assertTrue(AuditEntry.objects.filter(action="meeting.updated").exists())

    def test_a_new_title_only_sends_nothing(self):
        response = self.post(self.base + "edit/", self.edit_data(title="Assembly of May"))
        self.assertRedirects(response, self.base)
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.title, self.meeting.sequence), ("Assembly of May", 0))
        self.assertEqual(mail.outbox, [])
        self.assertFalse(MeetingChange.objects.exists())

    def test_changing_only_the_zone_keeps_the_wall_clock_time(self):
        changed = meetings.meeting_update(
            meeting=self.meeting, actor=self.coordinator, time_zone="Europe/Rome"
        )
        self.assertEqual(changed, ["starts_at", "ends_at", "time_zone"])
        self.assertEqual(self.meeting.local_start().hour, 18)
        self.assertEqual(self.meeting.starts_at, datetime(2026, 5, 4, 16, 0, tzinfo=UTC))

    def test_a_new_place_and_link_are_announced(self):
        self.post(
            self.base + "edit/",
            self.edit_data(place="Casa sindical", online_link="https://meet.example.org/b"),
        )
        self.assertEqual(len(mail.outbox), 6)
        self.assertIn("The place has changed.", mail.outbox[0].body)
        self.assertIn("The online link has changed.", mail.outbox[0].body)

    def test_newly_invited_get_the_invitation_and_the_uninvited_a_cancellation(self):
        self.post(self.base + "edit/", self.edit_data(invited=[self.alpha.pk]))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["gamma@example.org"])
        self.assertIn("Cancelled", message.subject)
        calendar, event = event_of(message.attachments[0][1])
        self.assertEqual((str(calendar["method"]), str(event["status"])), ("CANCEL", "CANCELLED"))
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.cancelled_at)  # cancelled for gamma only
        mail.outbox.clear()
        self.post(self.base + "edit/", self.edit_data(invited=[self.alpha.pk, self.gamma.pk]))
        self.assertEqual([m.to for m in mail.outbox], [["gamma@example.org"]])
        self.assertIn("Invitation", mail.outbox[0].subject)
        self.assertEqual(event_of(mail.outbox[0].attachments[0][1])[1]["sequence"], 2)

    def test_an_end_before_the_start_is_refused_and_nothing_changes(self):
        response = self.post(self.base + "edit/", self.edit_data(ends="2026-05-04T17:00"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The meeting must end after it starts.", status_code=400)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.ends_at, datetime(2026, 5, 5, 0, 0, tzinfo=UTC))
        self.assertEqual((self.meeting.sequence, len(mail.outbox)), (0, 0))

    def test_bad_fields_are_refused_with_field_errors(self):
        for field, value in [
            ("starts", "tomorrow"),
            ("time_zone", "Mars/Olympus"),
            ("online_link", "not a link"),
            ("invited", [self.beta.pk]),
            ("title", ""),
        ]:
            with self.subTest(field=field):
                response = self.post(self.base + "edit/", self.edit_data(**{field: value}))
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.sequence, self.meeting.title), (0, "General assembly"))
        self.assertFalse(AuditEntry.objects.filter(action="meeting.updated").exists())

    def test_the_service_refuses_inviting_a_non_member(self):
        with self.assertRaises(ValidationError):
            meetings.meeting_update(
                meeting=self.meeting, actor=self.coordinator, invited=[self.alpha, self.beta]
            )
        self.assertEqual(set(self.meeting.invited.all()), {self.alpha, self.gamma})

    def test_the_page_says_rescheduled_with_the_first_time_and_the_readers_time(self):
        self.post(
            self.base + "edit/", self.edit_data(starts="2026-05-05T19:30", ends="2026-05-05T21:30")
        )
        self.client.force_login(self.delegate)
        self.client.cookies["caucus_tz"] = "Europe/Istanbul"
        page = self.client.get(self.base)
        self.assertContains(page, "This meeting has been rescheduled.")
        self.assertContains(page, "It was first planned to start at")
        first, now = page.content.decode().split("meeting-start", 1)
        # The first time on Santiago's clock and, like the new one, on the reader's.
        self.assertIn(">Mon 4 May 2026, 18:00</time>", first)
        self.assertIn("your time: Tue 5 May 2026, 01:00 (Istanbul time, UTC+03:00)", first)
        self.assertIn(">Tue 5 May 2026, 19:30</time>", now)
        self.assertIn("(Santiago time, UTC−04:00)", now)
        self.assertIn("your time: Wed 6 May 2026, 02:30 (Istanbul time, UTC+03:00)", now)
        self.assertContains(page, "calendar update 1")


class CancelTestCase(MeetingChangeCase):
    def test_cancelling_sends_a_cancelled_ics_and_marks_the_page(self):
        response = self.post(self.base + "cancel/", {"reason": "The venue is closed."})
        self.assertRedirects(response, self.base)
        self.meeting.refresh_from_db()
        self.assertIsNotNone(self.meeting.cancelled_at)
        self.assertEqual(self.meeting.sequence, 1)
        self.assertEqual(len(mail.outbox), 6)
        message = mail.outbox[0]
        self.assertIn("Cancelled: General assembly", message.subject)
        self.assertIn("The venue is closed.", message.body)
        name, content, mimetype = message.attachments[0]
        self.assertEqual(mimetype, "text/calendar; method=CANCEL")
        calendar, event = event_of(content)
        self.assertEqual(str(calendar["method"]), "CANCEL")
        self.assertEqual((str(event["status"]), event["sequence"]), ("CANCELLED", 1))
        page = self.client.get(self.base)
        self.assertContains(page, "This meeting was cancelled on")
        self.assertContains(page, "The venue is closed.")
        self.assertNotContains(page, "Edit or reschedule")
        self.assertIn(b"STATUS:CANCELLED", self.client.get(self.base + "invitation.ics").content)
        self.assertTrue(AuditEntry.objects.filter(action="meeting.cancelled").exists())

    def test_the_cancellation_is_dated_on_the_meetings_clock(self):
        # 01:30 UTC on 5 May is still the evening of 4 May in Santiago (issue 14).
        self.meeting.cancelled_at = datetime(2026, 5, 5, 1, 30, tzinfo=UTC)
        self.meeting.save(update_fields=["cancelled_at"])
        page = self.client.get(self.base)
        self.assertContains(
            page,
            'This meeting was cancelled on <span class="when">'
            '<time datetime="2026-05-05T01:30:00Z">Mon 4 May 2026, 21:30</time>',
        )
        self.assertContains(page, "(Santiago time, UTC−04:00)")

    def test_a_reason_is_required(self):
        response = self.post(self.base + "cancel/", {"reason": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.context["form"].errors)
        self.meeting.refresh_from_db()
        self.assertIsNone(self.meeting.cancelled_at)
        self.assertEqual(mail.outbox, [])

    def test_a_cancelled_meeting_can_no_longer_change(self):
        self.post(self.base + "cancel/", {"reason": "Postponed sine die."})
        mail.outbox.clear()
        again = self.post(self.base + "cancel/", {"reason": "Twice"})
        self.assertEqual(again.status_code, 400)
        edit = self.post(self.base + "edit/", self.edit_data(starts="2026-06-01T10:00"))
        self.assertEqual(edit.status_code, 400)
        agenda = self.post(self.base + "agenda/", {"title": "Late item"})
        self.assertEqual(agenda.status_code, 400)
        self.meeting.refresh_from_db()
        self.assertEqual(
            (self.meeting.sequence, self.meeting.cancel_reason), (1, "Postponed sine die.")
        )
        self.assertEqual(self.meeting.agenda.count(), 2)
        self.assertEqual(mail.outbox, [])

    def test_a_meeting_cancelled_before_its_invitations_went_out_sends_only_nothing(self):
        meeting = Meeting.objects.create(
            coalition=self.coalition,
            title="Never held",
            starts_at=self.meeting.starts_at,
            ends_at=self.meeting.ends_at,
        )
        meeting.invited.set([self.alpha])
        with self.captureOnCommitCallbacks(execute=True):
            meetings.meeting_cancel(meeting=meeting, actor=self.coordinator, reason="Typo")
        from caucus.decisions.tasks import send_meeting_invitations

        send_meeting_invitations.call(meeting.pk)
        self.assertEqual(mail.outbox, [])
