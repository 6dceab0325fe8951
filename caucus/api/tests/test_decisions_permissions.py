"""Who may do what with meetings, minutes, the action plan, votes and weights through the API:
every endpoint × every member of the cast, through the session and with a personal token.

A refusal answers JSON and leaves every row of decisions and the audit log as it was; an
accepted write changes something. Objects of another coalition are not found (404) through
a coalition the caller belongs to.
"""

from caucus.api.tests.test_decisions_base import (
    COORDINATORS,
    MEMBERS,
    DecisionsApiTestCase,
    snapshot,
)
from caucus.api.tests.test_decisions_plan_votes import vote_body
from caucus.test import OK, on_test_day

# Alpha is responsible for `action`, gamma for `gamma_action`; coordinators update any action.
RESPONSIBLE = {**MEMBERS, "gamma_admin": 403}
NOT_RESPONSIBLE = {**COORDINATORS, "gamma_admin": OK}


@on_test_day  # its literal dates (2030, 2031) are in the future of the test day
class DecisionsPermissionMatrixTestCase(DecisionsApiTestCase):
    def item(self, position: int = 1) -> int:
        return self.meeting.agenda.get(position=position).pk

    # --- Reads: members of the coalition, with a second factor.

    def test_members_read_meetings_minutes_and_the_plan(self):
        for path in [
            "/coalitions/united/meetings",
            self.m,
            self.m + "/minutes",
            "/coalitions/united/actions",
        ]:
            with self.subTest(path=path):
                self.matrix("get", path, None, MEMBERS)

    def test_coordinators_read_the_weights(self):
        self.matrix("get", "/coalitions/united/weights", None, COORDINATORS)

    # --- Meetings.

    def test_scheduling_is_for_coordinators(self):
        body = {
            "title": "Next",
            "starts": "2031-01-01T10:00",
            "ends": "2031-01-01T12:00",
            "agenda": ["A"],
        }
        self.matrix("post", "/coalitions/united/meetings", body, COORDINATORS, allowed=201)

    def test_editing_and_cancelling_are_for_coordinators(self):
        self.matrix("patch", self.m, {"place": "Elsewhere"}, COORDINATORS)
        self.matrix("post", self.m + "/cancel", {"reason": "Strike"}, COORDINATORS)

    def test_the_agenda_is_for_coordinators(self):
        agenda = self.m + "/agenda"
        self.matrix(
            "post", agenda, {"title": "More", "motion": self.draft.pk}, COORDINATORS, allowed=201
        )
        self.matrix("patch", f"{agenda}/{self.item()}", {"title": "Welcome"}, COORDINATORS)
        self.matrix("post", f"{agenda}/{self.item()}/move", {"position": 2}, COORDINATORS)
        self.matrix("delete", f"{agenda}/{self.item()}", None, COORDINATORS, allowed=204)

    def test_attendance_is_for_coordinators(self):
        body = {"attendance": {"alpha": "present"}}
        self.matrix("patch", self.m + "/attendance", body, COORDINATORS)

    # --- Minutes.

    def test_minutes_are_written_and_approved_by_coordinators(self):
        self.matrix("post", self.m + "/minutes", {"text": "Better"}, COORDINATORS, allowed=201)
        self.matrix("post", self.m + "/minutes/1/approve", None, COORDINATORS)

    # --- The joint action plan.

    def test_actions_are_added_by_coordinators(self):
        body = {"text": "More", "responsible": ["gamma"]}
        self.matrix("post", "/coalitions/united/actions", body, COORDINATORS, allowed=201)

    def test_the_responsible_organizations_update_an_action(self):
        path = f"/coalitions/united/actions/{self.action.pk}/status"
        self.matrix("post", path, {"status": "done"}, RESPONSIBLE)

    def test_other_members_cannot_update_an_action(self):
        path = f"/coalitions/united/actions/{self.gamma_action.pk}/status"
        self.matrix("post", path, {"status": "done"}, NOT_RESPONSIBLE)

    # --- Votes.

    def test_opening_a_vote_is_for_coordinators(self):
        path = f"/coalitions/united/motions/{self.draft.pk}/vote"
        self.matrix("post", path, vote_body(), COORDINATORS, allowed=201)

    def test_weights_are_set_by_coordinators(self):
        self.matrix("patch", "/coalitions/united/weights", {"weights": {"gamma": 2}}, COORDINATORS)

    # --- Refusals in detail.

    def test_a_missing_second_factor_is_named(self):
        response = self.call(self.as_("nomfa", "token"), "get", self.m)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "mfa_required")

    def test_another_coalitions_objects_are_not_found_through_a_coalition_of_ones_own(self):
        """The outsider coordinates "other"; united's objects do not exist there (404)."""
        item = self.item()
        m = f"/coalitions/other/meetings/{self.meeting.pk}"
        for method, path, body in [
            ("get", m, None),
            ("get", m + "/minutes", None),
            ("patch", m, {"title": "Taken"}),
            ("post", m + "/cancel", {"reason": "Mine"}),
            ("post", m + "/agenda", {"title": "Mine"}),
            ("patch", f"{m}/agenda/{item}", {"title": "Mine"}),
            ("post", f"{m}/agenda/{item}/move", {"position": 2}),
            ("delete", f"{m}/agenda/{item}", None),
            ("patch", m + "/attendance", {"attendance": {"alpha": "absent"}}),
            ("post", m + "/minutes", {"text": "Mine"}),
            ("post", m + "/minutes/1/approve", None),
            ("post", f"/coalitions/other/actions/{self.action.pk}/status", {"status": "done"}),
            ("post", f"/coalitions/other/motions/{self.draft.pk}/vote", vote_body()),
        ]:
            for via in ("session", "token"):
                with self.subTest(method=method, path=path, via=via):
                    before = snapshot()
                    response = self.call(self.as_("outsider", via), method, path, body)
                    self.assertEqual(response.status_code, 404, response.content[:300])
                    self.assertEqual(response.json(), {"detail": "Not Found", "errors": []})
                    self.assertEqual(snapshot(), before)

    def test_unknown_coalitions_are_not_found(self):
        response = self.call(self.as_("coordinator"), "get", "/coalitions/nowhere/meetings")
        self.assertEqual(response.status_code, 404)
