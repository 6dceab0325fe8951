"""A scheduled publication's local time across Santiago's daylight-saving changes, through the
web's form and the API: the clocks skip 2031-09-07 00:00–01:00 and repeat 2031-04-05 23:00–24:00.
Both dates are years ahead, so a schedule for them is still in the future."""

from datetime import UTC, datetime

from caucus.statements.forms import PublishForm
from caucus.statements.tests.helpers import snapshot
from caucus.statements.tests.test_api_workflow import StatementApiTestCase
from caucus.test import on_test_day

SANTIAGO = "America/Santiago"


@on_test_day
class PublishFormTimesTestCase(StatementApiTestCase):
    def test_a_skipped_time_is_a_field_error(self):
        form = PublishForm({"published_at": "2031-09-07T00:30", "zone": SANTIAGO})
        self.assertFalse(form.is_valid())
        self.assertIn("does not exist in America/Santiago", form.errors["published_at"][0])
        self.assertIn("2031-09-07 01:30 (UTC−03:00)", form.errors["published_at"][0])

    def test_a_repeated_time_needs_a_choice(self):
        data = {"published_at": "2031-04-05T23:30", "zone": SANTIAGO}
        form = PublishForm(data)
        self.assertFalse(form.is_valid())
        self.assertIn("happens twice", form.errors["published_at"][0])
        form = PublishForm(data | {"published_at_fold": "1"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["published_at"], datetime(2031, 4, 6, 3, 30, tzinfo=UTC))

    def test_the_api_refuses_then_schedules_the_chosen_time(self):
        before = snapshot()
        body = {"published_at": "2031-09-07T00:30", "zone": SANTIAGO}
        self.assertFields(
            self.send("coordinator", "post", self.d + "/publish", body), "published_at"
        )
        body = {"published_at": "2031-04-05T23:30", "zone": SANTIAGO}
        self.assertFields(
            self.send("coordinator", "post", self.d + "/publish", body), "published_at"
        )
        self.assertEqual(snapshot(), before)
        response = self.send(
            "coordinator", "post", self.d + "/publish", body | {"published_at_fold": "0"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.published_at, datetime(2031, 4, 6, 2, 30, tzinfo=UTC))
