"""Decisions' PATCHes sent with what is already there write and log nothing (issue 18)."""

from caucus.api.tests.test_decisions_base import DecisionsApiTestCase, snapshot


class IdenticalDecisionsWriteTestCase(DecisionsApiTestCase):
    def assertNothingWritten(self, path: str, body: dict) -> None:
        client = self.as_("coordinator", "token")
        first = self.call(client, "patch", path, body)
        self.assertEqual(first.status_code, 200, first.content)
        before = snapshot()
        again = self.call(client, "patch", path, body)
        self.assertEqual(again.status_code, 200, again.content)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(snapshot(), before)

    def test_a_meeting_sent_again(self):
        self.assertNothingWritten(self.m, {"title": "Assembly", "place": "Union hall"})

    def test_an_agenda_item_sent_again(self):
        item = self.meeting.agenda.order_by("position").first()
        path = f"{self.m}/agenda/{item.pk}"
        self.assertNothingWritten(path, {"title": "Welcome"})
        self.assertNothingWritten(path, {"campaign": None})

    def test_attendance_sent_again(self):
        body = {"attendance": {"alpha": "present", "gamma": ""}}
        self.assertNothingWritten(self.m + "/attendance", body)

    def test_weights_sent_again(self):
        self.assertNothingWritten("/coalitions/united/weights", {"weights": {"alpha": 3}})
        self.assertNothingWritten("/coalitions/united/weights", {"weights": {"gamma": 1}})
