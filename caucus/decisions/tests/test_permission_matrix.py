"""Who may do what with meetings, motions, votes and ledgers: every URL, every role of the
cast (caucus/test.py), and the states that change the answer: a vote before it opens, open
and closed; a meeting cancelled."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from caucus.decisions.models import ActionItem
from caucus.decisions.services import meetings, minutes, plan, votes
from caucus.decisions.tests.helpers import make_motion, open_vote
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect, refused

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
# People of the coalition's active member organizations (alpha and gamma), with a second factor.
MEMBERS = expect(OK, anonymous=LOGIN, outsider=403, nomfa=403, operator=403)
COORDINATOR = expect(403, anonymous=LOGIN, coordinator=OK)
# Acting for alpha: its people; gamma's admin is a member of the coalition, not of alpha, so
# a form naming alpha refuses the field (400) and alpha's own objects are not theirs (403).
FOR_ALPHA = {**MEMBERS, "gamma_admin": 403}
FOR_ALPHA_FORM = {**MEMBERS, "gamma_admin": 400}
EVERYONE = expect(OK)


def before_opening(case):
    return time_machine.travel(case.vote.opens_at - timedelta(hours=1), tick=False)


def while_open(case) -> None:
    """The vote as set up: opened a minute ago, closing in a day."""


def after_closing(case) -> None:
    case.vote.refresh_from_db()  # each role starts from the rolled-back row, not the last role's
    with time_machine.travel(case.vote.closes_at + timedelta(minutes=1)):
        votes.close_if_due(case.vote)


def meeting_cancelled(case) -> None:
    case.meeting.refresh_from_db()
    meetings.meeting_cancel(meeting=case.meeting, actor=case.coordinator, reason="No quorum")


class DecisionsPermissionMatrixTestCase(PermissionMatrix, BaseTestCase):
    watched = WATCHED

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
            FOR_ALPHA_FORM,
            {"organization": self.alpha.pk, "title": "New", "text": "Text"},
        )
        self.check(
            "post",
            f"/coalitions/united/motions/{self.draft.pk}/edit/",
            FOR_ALPHA,
            {"title": "Edited", "text": "Text"},
        )
        self.check(
            "post",
            f"/coalitions/united/votes/{self.vote.pk}/ballot/",
            FOR_ALPHA_FORM,
            {"organization": "alpha", "choice": "for"},
        )
        self.check(
            "post",
            f"/coalitions/united/actions/{self.action.pk}/status/",
            FOR_ALPHA,
            {"status": "done"},
        )
        self.check(  # from the member workspace, back to it
            "post",
            f"/coalitions/united/actions/{self.action.pk}/status/",
            FOR_ALPHA,
            {"status": "in_progress", "next": "/coalitions/united/#decisions"},
        )

    def test_a_non_responsible_member_cannot_update_an_action(self):
        other = ActionItem.objects.create(coalition=self.coalition, text="Gamma's job")
        other.responsible.set([self.gamma])
        self.check(
            "post",
            f"/coalitions/united/actions/{other.pk}/status/",
            {**MEMBERS, "delegate": 403, "editor": 403, "org_admin": 403},
            {"status": "done"},
        )

    def test_a_ballot_counts_only_while_the_vote_is_open(self):
        url = f"/coalitions/united/votes/{self.vote.pk}/ballot/"
        self.check_states(
            "post",
            url,
            {
                before_opening: refused(400, FOR_ALPHA_FORM),
                while_open: FOR_ALPHA_FORM,
                after_closing: refused(400, FOR_ALPHA_FORM),
            },
            {"organization": "alpha", "choice": "for"},
        )

    def test_a_vote_reads_the_same_to_members_in_every_state(self):
        v = f"/coalitions/united/votes/{self.vote.pk}/"
        for url in [v, v + "ledger/", v + "ledger.json", v + "verify/"]:
            self.check_states(
                "get",
                url,
                {before_opening: MEMBERS, while_open: MEMBERS, after_closing: MEMBERS},
            )

    def test_a_cancelled_meeting_can_no_longer_change(self):
        m = f"/coalitions/united/meetings/{self.meeting.pk}/"
        for url in [m, m + "invitation.ics", m + "minutes/"]:
            self.check("get", url, MEMBERS, state=meeting_cancelled)
        cancelled = refused(400, COORDINATOR)  # the form, with the reason it cannot change
        self.check("get", m + "edit/", cancelled, state=meeting_cancelled)
        self.check("get", m + "cancel/", cancelled, state=meeting_cancelled)
        self.check("post", m + "cancel/", cancelled, {"reason": "Again"}, state=meeting_cancelled)
        self.check("post", m + "agenda/", cancelled, {"title": "Late"}, state=meeting_cancelled)
        a = m + f"agenda/{self.item.pk}/"
        self.check("post", a + "edit/", cancelled, {"title": "Late"}, state=meeting_cancelled)
        self.check("post", a + "move/", cancelled, {"position": 1}, state=meeting_cancelled)
        self.check("post", a + "remove/", cancelled, state=meeting_cancelled)

    def test_the_pages_of_a_cancelled_meeting_say_why_they_cannot_change(self):
        # They answered 500 before: the error was added to a form that was never bound.
        meeting_cancelled(self)
        m = f"/coalitions/united/meetings/{self.meeting.pk}/"
        self.login_as("coordinator")
        for url, text in [
            (m + "edit/", "This meeting is cancelled; it can no longer change."),
            (m + "cancel/", "This meeting is already cancelled."),
        ]:
            self.assertContains(self.client.get(url), text, status_code=400)
        response = self.client.post(m + f"agenda/{self.item.pk}/remove/")
        self.assertContains(
            response, "This meeting is cancelled; it can no longer change.", status_code=400
        )
        self.assertTrue(self.meeting.agenda.filter(pk=self.item.pk).exists())
