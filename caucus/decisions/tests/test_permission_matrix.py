"""Who may do what with meetings, motions, votes and ledgers: every URL, every role."""

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from caucus.decisions.models import ActionItem
from caucus.decisions.services import meetings, minutes, plan
from caucus.decisions.tests.helpers import make_motion, open_vote
from caucus.test import BaseTestCase

ROLES = ["anonymous", "outsider", "nomfa", "delegate", "org_admin", "coordinator", "operator"]
OK = (200, 302)
LOGIN = "login"
WATCHED = [
    "decisions.Meeting",
    "decisions.MeetingChange",
    "decisions.AgendaItem",
    "decisions.Attendance",
    "decisions.MinutesVersion",
    "decisions.ActionItem",
    "decisions.Motion",
    "decisions.Vote",
    "decisions.LedgerEntry",
    "decisions.HeadPost",
    "decisions.VotingWeight",
    "audit.AuditEntry",
]
MEMBERS = {
    "anonymous": LOGIN,
    "outsider": 403,
    "nomfa": 403,
    "delegate": OK,
    "org_admin": OK,
    "coordinator": OK,
    "operator": 403,
}
COORDINATOR = {**MEMBERS, "delegate": 403, "org_admin": 403}
EVERYONE = dict.fromkeys(ROLES, OK)


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class DecisionsPermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.meeting = meetings.meeting_schedule(
            coalition=cls.coalition,
            actor=cls.coordinator,
            title="Assembly",
            starts=now,
            ends=now + timezone.timedelta(hours=2),
            time_zone="Europe/Rome",
            invited=[cls.alpha, cls.gamma],
            agenda=["One", "Two"],
        )
        cls.item = cls.meeting.agenda.get(title="Two")
        cls.minutes = minutes.minutes_save(
            meeting=cls.meeting, actor=cls.coordinator, text="Minutes"
        )
        cls.action = plan.action_create(
            coalition=cls.coalition, actor=cls.coordinator, text="Do it", responsible=[cls.alpha]
        )
        cls.draft = make_motion(cls, "Draft motion")
        cls.vote = open_vote(cls)

    def login_as(self, role: str) -> None:
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(getattr(self, role))

    def check(self, method: str, url: str, expected: dict, data: dict | None = None):
        for role in ROLES:
            with self.subTest(role=role, url=url), transaction.atomic():
                self.login_as(role)
                before = snapshot() if method == "post" else None
                response = getattr(self.client, method)(url, data or {})
                want = expected[role]
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/accounts/login/", response["Location"])
                elif want == OK:
                    self.assertIn(response.status_code, OK, response.content[:300])
                else:
                    self.assertEqual(response.status_code, want)
                if want != OK and method == "post":
                    self.assertTrue(snapshot() == before, f"{role} changed data at {url}")
                elif want == OK and method == "post":
                    self.assertTrue(snapshot() != before, f"{role} did nothing at {url}")
                transaction.set_rollback(True)

    def test_member_pages(self):
        m, v = (
            f"/coalitions/united/meetings/{self.meeting.pk}/",
            f"/coalitions/united/votes/{self.vote.pk}/",
        )
        for url in [
            "/coalitions/united/meetings/",
            m,
            m + "invitation.ics",
            m + "minutes/",
            "/coalitions/united/actions/",
            "/coalitions/united/motions/",
            f"/coalitions/united/motions/{self.draft.pk}/",
            v,
            v + "ledger/",
            v + "ledger.json",
            v + "verify/",
            f"/coalitions/united/motions/new/?minutes={self.minutes.pk}",
        ]:
            self.check("get", url, MEMBERS)
        self.check("get", "/coalitions/united/weights/", COORDINATOR)

    def test_meeting_change_pages_are_for_coordinators(self):
        m = f"/coalitions/united/meetings/{self.meeting.pk}/"
        for url in [m + "edit/", m + "cancel/", m + f"agenda/{self.item.pk}/edit/"]:
            self.check("get", url, COORDINATOR)

    def test_meeting_changes_are_for_coordinators(self):
        m = f"/coalitions/united/meetings/{self.meeting.pk}/"
        local = self.meeting.local_start()
        self.check(
            "post",
            m + "edit/",
            COORDINATOR,
            {
                "title": "Assembly",
                "starts": (local + timezone.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                "ends": (local + timezone.timedelta(days=1, hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "time_zone": "Europe/Rome",
                "invited": [self.alpha.pk, self.gamma.pk],
            },
        )
        self.check("post", m + "cancel/", COORDINATOR, {"reason": "No quorum expected"})
        a = m + f"agenda/{self.item.pk}/"
        self.check("post", a + "edit/", COORDINATOR, {"title": "Two, renamed"})
        self.check("post", a + "move/", COORDINATOR, {"position": 1})
        self.check("post", a + "remove/", COORDINATOR)

    def test_the_ledger_heads_feed_is_public_for_a_listed_coalition(self):
        self.check("get", "/c/united/ledger-heads/atom/", EVERYONE)

    def test_coordinator_actions(self):
        m = f"/coalitions/united/meetings/{self.meeting.pk}/"
        now = timezone.now()
        self.check(
            "post",
            "/coalitions/united/meetings/new/",
            COORDINATOR,
            {
                "title": "Next",
                "starts": "2030-01-01T10:00",
                "ends": "2030-01-01T12:00",
                "time_zone": "UTC",
                "agenda": "A",
            },
        )
        self.check("post", m + "agenda/", COORDINATOR, {"title": "Another item"})
        self.check("post", m + "attendance/", COORDINATOR, {f"org_{self.alpha.pk}": "present"})
        self.check("post", m + "minutes/", COORDINATOR, {"text": "Better minutes"})
        self.check("post", m + "minutes/1/approve/", COORDINATOR)
        self.check(
            "post",
            "/coalitions/united/weights/",
            COORDINATOR,
            {f"org_{self.alpha.pk}": 2, f"org_{self.gamma.pk}": 1},
        )
        self.check(
            "post",
            "/coalitions/united/actions/new/",
            COORDINATOR,
            {"text": "More", "responsible": [self.gamma.pk]},
        )
        self.check(
            "post",
            f"/coalitions/united/motions/{self.draft.pk}/vote/",
            COORDINATOR,
            {
                "rules": ["simple"],
                "quorum_percent": 50,
                "time_zone": "UTC",
                "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": (now + timezone.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            },
        )

    def test_delegate_actions(self):
        self.check(
            "post",
            "/coalitions/united/motions/new/",
            MEMBERS,
            {"organization": self.alpha.pk, "title": "New", "text": "Text"},
        )
        self.check(
            "post",
            f"/coalitions/united/motions/{self.draft.pk}/edit/",
            MEMBERS,
            {"title": "Edited", "text": "Text"},
        )
        self.check(
            "post",
            f"/coalitions/united/votes/{self.vote.pk}/ballot/",
            MEMBERS,
            {"organization": "alpha", "choice": "for"},
        )
        self.check(
            "post",
            f"/coalitions/united/actions/{self.action.pk}/status/",
            MEMBERS,
            {"status": "done"},
        )
        self.check(  # from the member workspace, back to it
            "post",
            f"/coalitions/united/actions/{self.action.pk}/status/",
            MEMBERS,
            {"status": "in_progress", "next": "/coalitions/united/#decisions"},
        )

    def test_a_non_responsible_member_cannot_update_an_action(self):
        other = ActionItem.objects.create(coalition=self.coalition, text="Gamma's job")
        other.responsible.set([self.gamma])
        self.check(
            "post",
            f"/coalitions/united/actions/{other.pk}/status/",
            {**MEMBERS, "delegate": 403, "org_admin": 403},
            {"status": "done"},
        )
