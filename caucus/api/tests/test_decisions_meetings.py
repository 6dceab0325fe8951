"""Meetings and minutes through the API: reads for members, scheduling, the agenda,
attendance and minutes for coordinators, with the web's forms and field-level 422s."""

from datetime import UTC, datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caucus.api.tests.test_decisions_base import DecisionsApiTestCase
from caucus.campaigns.tests.helpers import make_campaign
from caucus.decisions.models import Attendance, Meeting, MinutesVersion
from caucus.decisions.services import meetings, minutes
from caucus.statements.tests.helpers import StatementFixtures


def meeting_body(**overrides) -> dict:
    body = {
        "title": "Spring assembly",
        "starts": "2031-03-04T18:00",
        "ends": "2031-03-04T20:00",
        "time_zone": "Europe/Rome",
        "place": "Casa del Popolo",
        "online_link": "https://meet.example.org/spring",
        "agenda": ["Opening", "Platform", "Resolutions"],
    }
    body.update(overrides)
    return body


class MeetingReadTestCase(DecisionsApiTestCase):
    def test_members_list_meetings_with_place_and_link(self):
        listing = self.ok("delegate", "get", "/coalitions/united/meetings")
        self.assertEqual(listing["count"], 1)
        meeting = listing["items"][0]
        self.assertEqual(meeting["id"], self.meeting.pk)
        self.assertEqual(meeting["place"], "Union hall")
        self.assertEqual(meeting["online_link"], "https://meet.example.org/assembly")
        self.assertEqual(meeting["time_zone"], "Europe/Rome")
        self.assertEqual(meeting["local_start"], self.meeting.local_start().isoformat())
        self.assertEqual([o["slug"] for o in meeting["invited"]], ["alpha", "gamma"])
        self.assertTrue(meeting["ics"].endswith(f"/meetings/{self.meeting.pk}/invitation.ics"))

    def test_the_list_costs_the_same_queries_for_one_meeting_or_many(self):
        client = self.as_("delegate", "token")

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.call(client, "get", "/coalitions/united/meetings")
                self.assertEqual(response.status_code, 200)
            return len(queries)

        count()  # the token's first use of the minute stamps it
        one = count()
        for n in range(3):
            meetings.meeting_schedule(
                coalition=self.coalition,
                actor=self.coordinator,
                title=f"Extra {n}",
                starts=datetime(2031, 1, 1, 10),
                ends=datetime(2031, 1, 1, 12),
                time_zone="UTC",
                invited=[self.alpha],
            )
            minutes.minutes_approve(
                version=minutes.minutes_save(
                    meeting=Meeting.objects.get(title=f"Extra {n}"),
                    actor=self.coordinator,
                    text="ok",
                ),
                actor=self.coordinator,
            )
        self.assertEqual(count(), one)

    def test_a_meeting_shows_agenda_attendance_minutes_motions_and_actions(self):
        minutes.attendance_record(
            meeting=self.meeting, actor=self.coordinator, statuses={self.alpha.pk: "present"}
        )
        minutes.minutes_approve(version=self.minutes, actor=self.coordinator)
        meeting = self.ok("gamma_admin", "get", self.m)
        self.assertEqual([i["title"] for i in meeting["agenda"]], ["Opening", "Platform"])
        self.assertEqual([i["position"] for i in meeting["agenda"]], [1, 2])
        self.assertEqual(meeting["attendance"], [{"organization": "alpha", "status": "present"}])
        self.assertEqual(meeting["minutes"][0]["number"], 1)
        self.assertTrue(meeting["minutes"][0]["approved"])
        self.assertEqual(meeting["approved_minutes"], 1)

    def test_another_coalitions_meeting_is_not_found_through_this_one(self):
        path = f"/coalitions/united/meetings/{self.other_meeting.pk}"
        for suffix in ("", "/minutes"):
            with self.subTest(suffix=suffix):
                response = self.call(self.as_("coordinator"), "get", path + suffix)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Secret", response.content.decode())
        response = self.call(self.as_("outsider"), "get", self.m.replace("united", "other"))
        self.assertEqual(response.status_code, 404)


class ScheduleMeetingTestCase(DecisionsApiTestCase):
    path = "/coalitions/united/meetings"

    def test_a_coordinator_schedules_in_a_zone_and_invitations_go_out(self):
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            meeting = self.ok("coordinator", "post", self.path, meeting_body(), status=201)
        stored = Meeting.objects.get(pk=meeting["id"])
        self.assertEqual(stored.starts_at, datetime(2031, 3, 4, 17, 0, tzinfo=UTC))
        self.assertEqual(meeting["local_start"], "2031-03-04T18:00:00+01:00")
        self.assertEqual(meeting["starts_at"], "2031-03-04T17:00:00Z")
        self.assertEqual(
            [i["title"] for i in meeting["agenda"]], ["Opening", "Platform", "Resolutions"]
        )
        # Every active member is invited unless `invited` says otherwise, as the web form does.
        self.assertEqual([o["slug"] for o in meeting["invited"]], ["alpha", "gamma"])
        self.assertEqual(stored.created_by, self.coordinator)
        self.assertEqual(len(mail.outbox), 6)
        self.assertNotIn("outsider@example.org", [m.to[0] for m in mail.outbox])

    def test_it_invites_the_organizations_named(self):
        meeting = self.ok("coordinator", "post", self.path, meeting_body(invited=["gamma"]), 201)
        self.assertEqual([o["slug"] for o in meeting["invited"]], ["gamma"])

    def test_bad_meetings_are_refused_field_by_field(self):
        for overrides, field in [
            ({"title": ""}, "title"),
            ({"title": "x" * 201}, "title"),
            ({"starts": "tomorrow"}, "starts"),
            ({"ends": "2031-03-04T17:00"}, "ends"),
            ({"time_zone": "Mars/Olympus"}, "time_zone"),
            ({"online_link": "not a link at all"}, "online_link"),
            ({"invited": ["beta"]}, "invited"),
            ({"invited": ["nobody"]}, "invited"),
            ({"agenda": ["x" * 301]}, "agenda"),
            ({"title": "nul\x00"}, "title"),
            ({"agenda": "one line"}, "agenda"),
            ({"starts": None}, "starts"),
            ({"starts": "0001-01-01T00:00", "time_zone": "Asia/Tokyo"}, "starts"),
            ({"ends": "9999-12-31T23:59", "time_zone": "America/Santiago"}, "ends"),
        ]:
            with self.subTest(overrides=overrides):
                fields = self.invalid("coordinator", "post", self.path, meeting_body(**overrides))
                self.assertIn(field, fields)
        self.assertEqual(Meeting.objects.filter(coalition=self.coalition).count(), 1)

    def test_a_line_break_inside_an_agenda_item_stays_one_item(self):
        meeting = self.ok(
            "coordinator", "post", self.path, meeting_body(agenda=["One\ntwo", "  ", "Three"]), 201
        )
        self.assertEqual([i["title"] for i in meeting["agenda"]], ["One two", "Three"])


class AgendaTestCase(StatementFixtures, DecisionsApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft(slug="joint-declaration")
        cls.org_statement = cls.make_org_draft(slug="alpha-statement")
        cls.campaign = make_campaign(cls.coalition)
        cls.other_campaign = make_campaign(cls.other, slug="elsewhere")

    def items(self) -> list[tuple]:
        return list(
            self.meeting.agenda.order_by("position").values_list(
                "position", "title", "motion", "statement__slug", "campaign__slug"
            )
        )

    def test_a_coordinator_adds_items_about_a_motion_a_statement_and_a_campaign(self):
        path = self.m + "/agenda"
        item = self.ok("coordinator", "post", path, {"title": "Vote", "motion": self.draft.pk}, 201)
        self.assertEqual((item["position"], item["motion"]), (3, self.draft.pk))
        item = self.ok(
            "coordinator", "post", path, {"title": "Text", "statement": "joint-declaration"}, 201
        )
        self.assertEqual((item["statement"], item["motion"]), ("joint-declaration", None))
        item = self.ok("coordinator", "post", path, {"title": "Plan", "campaign": "spring"}, 201)
        self.assertEqual((item["position"], item["campaign"]), (5, "spring"))
        self.assertEqual(
            self.items()[2:],
            [
                (3, "Vote", self.draft.pk, None, None),
                (4, "Text", None, "joint-declaration", None),
                (5, "Plan", None, None, "spring"),
            ],
        )
        agenda = self.ok("delegate", "get", self.m)["agenda"]
        self.assertEqual(
            [i["statement"] for i in agenda], [None, None, None, "joint-declaration", None]
        )

    def test_bad_items_are_refused_field_by_field(self):
        for body, field in [
            ({"title": ""}, "title"),
            ({"title": "x" * 301}, "title"),
            ({}, "title"),
            ({"title": "T", "motion": self.other_motion.pk}, "motion"),
            ({"title": "T", "motion": 2**63 - 1}, "motion"),
            ({"title": "T", "motion": 0}, "motion"),
            ({"title": "T", "statement": "alpha-statement"}, "statement"),
            ({"title": "T", "statement": "nothing-here"}, "statement"),
            ({"title": "T", "campaign": "elsewhere"}, "campaign"),
            ({"title": "T", "campaign": "x\x00"}, "campaign"),
            ({"title": "T", "motion": self.draft.pk, "campaign": "spring"}, ""),
        ]:
            with self.subTest(body=body):
                self.assertIn(field, self.invalid("coordinator", "post", self.m + "/agenda", body))
        self.assertEqual(self.meeting.agenda.count(), 2)

    def test_a_coordinator_edits_moves_and_removes_items(self):
        first, second = self.meeting.agenda.order_by("position")
        path = f"{self.m}/agenda/{first.pk}"
        item = self.ok("coordinator", "patch", path, {"campaign": "spring"})
        self.assertEqual((item["title"], item["campaign"]), ("Opening", "spring"))
        item = self.ok("coordinator", "patch", path, {"title": "Welcome"})
        self.assertEqual((item["title"], item["campaign"]), ("Welcome", "spring"))
        item = self.ok("coordinator", "patch", path, {"campaign": None})
        self.assertIsNone(item["campaign"])
        agenda = self.ok("coordinator", "post", path + "/move", {"position": 2})
        self.assertEqual(
            [(i["position"], i["title"]) for i in agenda], [(1, "Platform"), (2, "Welcome")]
        )
        response = self.call(self.as_("coordinator"), "delete", f"{self.m}/agenda/{second.pk}")
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.items(), [(1, "Welcome", None, None, None)])

    def test_bad_edits_and_moves_are_refused(self):
        first = self.meeting.agenda.get(position=1)
        path = f"{self.m}/agenda/{first.pk}"
        for body, field in [
            ({"title": ""}, "title"),
            ({"title": None}, "title"),
            ({"statement": "alpha-statement"}, "statement"),
            ({"motion": self.draft.pk, "statement": "joint-declaration"}, ""),
        ]:
            with self.subTest(body=body):
                self.assertIn(field, self.invalid("coordinator", "patch", path, body))
        for body in [
            {"position": 3},
            {"position": 0},
            {"position": "up"},
            {},
            {"position": 10**30},
        ]:
            with self.subTest(body=body):
                self.assertIn("position", self.invalid("coordinator", "post", path + "/move", body))
        self.assertEqual(
            self.items(), [(1, "Opening", None, None, None), (2, "Platform", None, None, None)]
        )

    def test_an_item_of_another_meeting_is_not_found(self):
        other_item = self.other_meeting.agenda.get()
        for method, suffix, body in [
            ("patch", "", {"title": "Mine now"}),
            ("post", "/move", {"position": 1}),
            ("delete", "", None),
        ]:
            with self.subTest(method=method, suffix=suffix):
                path = f"{self.m}/agenda/{other_item.pk}{suffix}"
                response = self.call(self.as_("coordinator"), method, path, body)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.other_meeting.agenda.get().title, "Secret item")

    def test_a_cancelled_meetings_agenda_no_longer_changes(self):
        meetings.meeting_cancel(meeting=self.meeting, actor=self.coordinator, reason="Strike")
        first = self.meeting.agenda.get(position=1)
        for method, suffix, body in [
            ("post", "", {"title": "More"}),
            ("patch", f"/{first.pk}", {"title": "Changed"}),
            ("post", f"/{first.pk}/move", {"position": 2}),
            ("delete", f"/{first.pk}", None),
        ]:
            with self.subTest(method=method, suffix=suffix):
                self.invalid("coordinator", method, self.m + "/agenda" + suffix, body, 409)


class UpdateMeetingTestCase(DecisionsApiTestCase):
    def setUp(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(invitations_sent_at=timezone.now())
        mail.outbox.clear()

    def test_a_coordinator_reschedules_and_invitees_are_told(self):
        with self.captureOnCommitCallbacks(execute=True):
            meeting = self.ok(
                "coordinator",
                "patch",
                self.m,
                {"starts": "2031-06-01T10:00", "ends": "2031-06-01T12:00", "place": "Hall B"},
            )
        self.assertEqual(meeting["starts_at"], "2031-06-01T08:00:00Z")  # Rome in summer
        self.assertEqual(meeting["place"], "Hall B")
        self.assertEqual(meeting["title"], "Assembly")
        self.assertEqual(meeting["sequence"], 1)
        self.assertIsNotNone(meeting["rescheduled_at"])
        self.assertEqual([o["slug"] for o in meeting["invited"]], ["alpha", "gamma"])
        self.assertEqual(len(mail.outbox), 6)

    def test_only_the_fields_sent_change(self):
        before = Meeting.objects.values().get(pk=self.meeting.pk)
        meeting = self.ok("coordinator", "patch", self.m, {"title": "Renamed"})
        after = Meeting.objects.values().get(pk=self.meeting.pk)
        self.assertEqual(meeting["title"], "Renamed")
        self.assertEqual(meeting["sequence"], 0)  # a new title alone is not sent to invitees
        self.assertEqual({k for k in after if after[k] != before[k]}, {"title", "modified"})

    def test_invitees_change_by_slug(self):
        meeting = self.ok("coordinator", "patch", self.m, {"invited": ["gamma"]})
        self.assertEqual([o["slug"] for o in meeting["invited"]], ["gamma"])

    def test_bad_changes_are_refused_field_by_field(self):
        for body, field in [
            ({"title": ""}, "title"),
            ({"title": None}, "title"),
            ({"ends": "2020-01-01T00:00"}, "ends"),
            ({"starts": "soon"}, "starts"),
            ({"time_zone": "Nowhere/Land"}, "time_zone"),
            ({"online_link": "nope"}, "online_link"),
            ({"invited": ["beta"]}, "invited"),
            ({"invited": "alpha"}, "invited"),
            ({"starts": "0001-01-01T00:00", "time_zone": "Asia/Tokyo"}, "starts"),
        ]:
            with self.subTest(body=body):
                self.assertIn(field, self.invalid("coordinator", "patch", self.m, body))

    def test_a_coordinator_cancels_with_a_reason_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            meeting = self.ok("coordinator", "post", self.m + "/cancel", {"reason": "Strike day"})
        self.assertIsNotNone(meeting["cancelled_at"])
        self.assertEqual(meeting["cancel_reason"], "Strike day")
        self.assertEqual(len(mail.outbox), 6)  # the people of alpha and gamma
        self.assertEqual(
            self.invalid("coordinator", "post", self.m + "/cancel", {"reason": "Again"}, 409),
            {"": ["This meeting is cancelled; it can no longer change."]},
        )
        self.assertIn("", self.invalid("coordinator", "patch", self.m, {"title": "After"}, 409))

    def test_a_cancellation_needs_a_reason(self):
        for body in [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 1001}]:
            with self.subTest(body=body):
                self.assertIn(
                    "reason", self.invalid("coordinator", "post", self.m + "/cancel", body)
                )
        self.assertIsNone(Meeting.objects.get(pk=self.meeting.pk).cancelled_at)


class AttendanceTestCase(DecisionsApiTestCase):
    def test_a_coordinator_records_attendance_by_organization(self):
        rows = self.ok(
            "coordinator",
            "patch",
            self.m + "/attendance",
            {"attendance": {"alpha": "present", "gamma": "apologies"}},
        )
        self.assertEqual(
            rows,
            [
                {"organization": "alpha", "status": "present"},
                {"organization": "gamma", "status": "apologies"},
            ],
        )
        # Organizations left out keep their status; "" clears one.
        rows = self.ok(
            "coordinator", "patch", self.m + "/attendance", {"attendance": {"alpha": ""}}
        )
        self.assertEqual(rows, [{"organization": "gamma", "status": "apologies"}])
        self.assertEqual(Attendance.objects.filter(meeting=self.meeting).count(), 1)

    def test_bad_attendance_names_the_organization(self):
        path = self.m + "/attendance"
        minutes.attendance_record(
            meeting=self.meeting, actor=self.coordinator, statuses={self.gamma.pk: "absent"}
        )
        fields = self.invalid(
            "coordinator", "patch", path, {"attendance": {"alpha": "asleep", "gamma": "present"}}
        )
        self.assertEqual(list(fields), ["attendance.alpha"])
        fields = self.invalid("coordinator", "patch", path, {"attendance": {"beta": "present"}})
        self.assertEqual(list(fields), ["attendance.beta"])
        self.assertIn("attendance", self.invalid("coordinator", "patch", path, {"attendance": []}))
        self.assertEqual(
            list(Attendance.objects.values_list("organization__slug", "status")),
            [("gamma", "absent")],
        )


class MinutesTestCase(DecisionsApiTestCase):
    def test_members_read_every_version(self):
        minutes.minutes_save(meeting=self.meeting, actor=self.coordinator, text="Better")
        versions = self.ok("delegate", "get", self.m + "/minutes")["items"]
        self.assertEqual([v["number"] for v in versions], [1, 2])
        self.assertEqual(versions[0]["text_html"].strip(), "<p>We <em>met</em>.</p>")
        self.assertEqual(versions[0]["author"], str(self.coordinator))
        self.assertFalse(any(v["approved"] for v in versions))

    def test_a_coordinator_saves_a_version_and_approves_one(self):
        version = self.ok(
            "coordinator", "post", self.m + "/minutes", {"text": "Final *text*"}, status=201
        )
        self.assertEqual((version["number"], version["approved"]), (2, False))
        approved = self.ok("coordinator", "post", self.m + "/minutes/2/approve")
        self.assertTrue(approved["approved"])
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.approved_minutes.number, 2)
        self.assertEqual(
            MinutesVersion.objects.get(meeting=self.meeting, number=1).text, "We *met*."
        )

    def test_bad_minutes_are_refused(self):
        path = self.m + "/minutes"
        self.assertIn("text", self.invalid("coordinator", "post", path, {"text": ""}))
        self.assertIn("text", self.invalid("coordinator", "post", path, {"text": "We *met*."}))
        self.assertIn("text", self.invalid("coordinator", "post", path, {"text": "x" * 100_001}))
        self.assertIn("text", self.invalid("coordinator", "post", path, {}))
        response = self.call(self.as_("coordinator"), "post", path + "/7/approve")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.meeting.minutes.count(), 1)
