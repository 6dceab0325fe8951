"""The joint action plan, opening votes and voting weights through the API, with the web's
forms: field-level 422s that change nothing, and the same rules as the browser."""

from datetime import UTC, date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caucus.api.tests.test_decisions_base import DecisionsApiTestCase
from caucus.decisions.models import ActionItem, Motion, MotionState, Vote, VotingWeight
from caucus.decisions.services import plan, votes
from caucus.test import on_test_day


@on_test_day  # its literal dates (2030, 2031) are in the future of the test day
class ActionPlanTestCase(DecisionsApiTestCase):
    path = "/coalitions/united/actions"

    def test_members_read_the_plan_and_see_what_they_may_update(self):
        listing = self.ok("delegate", "get", self.path)
        self.assertEqual(listing["count"], 2)
        rows = {a["text"]: a for a in listing["items"]}
        self.assertEqual(rows["Print"]["responsible"], [{"slug": "alpha", "name": "Alpha Union"}])
        self.assertTrue(rows["Print"]["can_update"])
        self.assertFalse(rows["Call"]["can_update"])
        coordinator = self.ok("coordinator", "get", self.path)
        self.assertTrue(all(a["can_update"] for a in coordinator["items"]))

    def test_the_list_costs_the_same_queries_for_one_action_or_many(self):
        client = self.as_("delegate", "token")

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.call(client, "get", self.path).status_code, 200)
            return len(queries)

        count()  # the token's first use of the minute stamps it
        before = count()
        for n in range(3):
            plan.action_create(
                coalition=self.coalition,
                actor=self.coordinator,
                text=f"More {n}",
                responsible=[self.alpha, self.gamma],
            )
        self.assertEqual(count(), before)

    def test_a_coordinator_adds_an_action_agreed_at_a_meeting(self):
        action = self.ok(
            "coordinator",
            "post",
            self.path,
            {
                "text": "Translate the platform",
                "responsible": ["gamma", "alpha"],
                "due": "2031-04-01",
                "meeting": self.meeting.pk,
            },
            status=201,
        )
        stored = ActionItem.objects.get(pk=action["id"])
        self.assertEqual(stored.due, date(2031, 4, 1))
        self.assertEqual(stored.meeting, self.meeting)
        self.assertEqual(set(stored.responsible.all()), {self.alpha, self.gamma})
        self.assertEqual((action["status"], action["meeting"]), ("planned", self.meeting.pk))
        self.assertEqual([o["slug"] for o in action["responsible"]], ["alpha", "gamma"])

    def test_bad_actions_are_refused_field_by_field(self):
        body = {"text": "T", "responsible": ["alpha"]}
        for overrides, field in [
            ({"text": ""}, "text"),
            ({"text": "x" * 501}, "text"),
            ({"responsible": []}, "responsible"),
            ({"responsible": ["beta"]}, "responsible"),
            ({"responsible": "alpha"}, "responsible"),
            ({"due": "someday"}, "due"),
            ({"meeting": self.other_meeting.pk}, "meeting"),
            ({"meeting": 0}, "meeting"),
        ]:
            with self.subTest(overrides=overrides):
                self.assertIn(
                    field, self.invalid("coordinator", "post", self.path, {**body, **overrides})
                )
        self.assertEqual(ActionItem.objects.filter(coalition=self.coalition).count(), 2)

    def test_a_responsible_organization_updates_the_status(self):
        action = self.ok(
            "delegate", "post", f"{self.path}/{self.action.pk}/status", {"status": "done"}
        )
        self.assertEqual((action["status"], action["can_update"]), ("done", True))
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "done")

    def test_bad_statuses_are_refused(self):
        path = f"{self.path}/{self.action.pk}/status"
        for body in [{"status": "finished"}, {"status": ""}, {}, {"status": 3}]:
            with self.subTest(body=body):
                self.assertIn("status", self.invalid("delegate", "post", path, body))
        self.assertEqual(ActionItem.objects.get(pk=self.action.pk).status, "planned")

    def test_another_coalitions_action_is_not_found(self):
        path = f"{self.path}/{self.other_action.pk}/status"
        response = self.call(self.as_("coordinator"), "post", path, {"status": "done"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(ActionItem.objects.get(pk=self.other_action.pk).status, "planned")


def vote_body(**overrides) -> dict:
    body = {
        "rules": ["consensus", "threshold"],
        "threshold_percent": 75,
        "quorum_percent": 60,
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2031-01-02T18:00",
        "time_zone": "America/Santiago",
        "recorded": False,
    }
    body.update(overrides)
    return body


@on_test_day  # its literal dates (2030, 2031) are in the future of the test day
class OpenVoteTestCase(DecisionsApiTestCase):
    @property
    def path(self) -> str:
        return f"/coalitions/united/motions/{self.draft.pk}/vote"

    def test_a_coordinator_opens_a_vote_with_its_setup_fixed_in_the_manifest(self):
        vote = self.ok("coordinator", "post", self.path, vote_body(), status=201)
        manifest = vote["manifest"]
        self.assertEqual(manifest["rules"], ["consensus", "threshold"])
        self.assertEqual(manifest["options"], ["for", "against", "abstain", "block"])
        self.assertEqual((manifest["threshold_percent"], manifest["quorum_percent"]), (75, 60))
        self.assertFalse(manifest["recorded"])
        self.assertEqual([row["org"] for row in manifest["eligible"]], ["alpha", "gamma"])
        stored = Vote.objects.get(pk=vote["id"])
        self.assertEqual(stored.opens_at, datetime(2030, 1, 1, 12, 0, tzinfo=UTC))  # UTC-3
        self.assertEqual(stored.fingerprint, vote["fingerprint"])
        self.assertEqual(Motion.objects.get(pk=self.draft.pk).state, MotionState.VOTING)
        self.assertIsNone(vote["result"])

    def test_a_simple_recorded_vote_by_default(self):
        body = {
            "rules": ["simple"],
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2031-01-01T09:00",
        }
        vote = self.ok("coordinator", "post", self.path, body, status=201)
        self.assertEqual(vote["manifest"]["options"], ["for", "against", "abstain"])
        self.assertTrue(vote["manifest"]["recorded"])
        self.assertEqual(vote["manifest"]["quorum_percent"], 50)

    def test_bad_setups_are_refused_field_by_field(self):
        for overrides, field in [
            ({"rules": []}, "rules"),
            ({"rules": ["magic"]}, "rules"),
            ({"rules": "simple"}, "rules"),
            ({"rules": ["threshold"], "threshold_percent": None}, "threshold_percent"),
            ({"threshold_percent": 0}, "threshold_percent"),
            ({"threshold_percent": 101}, "threshold_percent"),
            ({"quorum_percent": -1}, "quorum_percent"),
            ({"quorum_percent": 101}, "quorum_percent"),
            ({"quorum_percent": None}, "quorum_percent"),
            ({"opens_at": "now"}, "opens_at"),
            ({"closes_at": "2029-12-31T09:00"}, "closes_at"),
            ({"opens_at": "2019-01-01T09:00", "closes_at": "2020-01-01T09:00"}, "closes_at"),
            ({"time_zone": "Atlantis/Capital"}, "time_zone"),
            ({"recorded": "maybe"}, "recorded"),
        ]:
            with self.subTest(overrides=overrides):
                self.assertIn(
                    field, self.invalid("coordinator", "post", self.path, vote_body(**overrides))
                )
        self.assertFalse(Vote.objects.filter(motion=self.draft).exists())

    def test_the_far_ends_of_the_calendar_are_refused_not_a_server_error(self):
        for opens, closes, zone, field in [
            ("0001-01-01T00:00", "2031-01-01T00:00", "Asia/Tokyo", "opens_at"),
            ("2030-01-01T00:00", "9999-12-31T23:59", "America/Santiago", "closes_at"),
        ]:
            with self.subTest(opens=opens, closes=closes):
                body = vote_body(opens_at=opens, closes_at=closes, time_zone=zone)
                self.assertIn(field, self.invalid("coordinator", "post", self.path, body))

    def test_a_motion_already_put_to_the_vote_is_refused(self):
        path = f"/coalitions/united/motions/{self.vote.motion_id}/vote"
        fields = self.invalid("coordinator", "post", path, vote_body(), status=409)
        self.assertEqual(list(fields), [""])
        self.assertEqual(Vote.objects.count(), 1)

    def test_another_coalitions_motion_is_not_found(self):
        path = f"/coalitions/united/motions/{self.other_motion.pk}/vote"
        response = self.call(self.as_("coordinator"), "post", path, vote_body())
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Vote.objects.filter(motion=self.other_motion).exists())


class WeightsTestCase(DecisionsApiTestCase):
    path = "/coalitions/united/weights"

    def test_a_coordinator_reads_and_sets_weights_for_new_votes(self):
        weights = self.ok("coordinator", "get", self.path)["items"]
        self.assertEqual(
            weights,
            [
                {"organization": "alpha", "name": "Alpha Union", "weight": 1},
                {"organization": "gamma", "name": "Gamma Union", "weight": 1},
            ],
        )
        weights = self.ok("coordinator", "patch", self.path, {"weights": {"alpha": 3}})
        self.assertEqual([w["weight"] for w in weights], [3, 1])
        self.assertEqual(VotingWeight.objects.get(organization=self.alpha).weight, 3)
        vote = votes.vote_open(
            motion=self.draft,
            actor=self.coordinator,
            rules=["simple"],
            quorum_percent=50,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timezone.timedelta(days=1),
        )
        eligible = vote.manifest()["eligible"]
        self.assertEqual([row["weight"] for row in eligible], [3, 1])
        self.ok("coordinator", "patch", self.path, {"weights": {"alpha": 1}})
        self.assertFalse(VotingWeight.objects.exists())

    def test_bad_weights_name_the_organization(self):
        for weights, field in [
            ({"alpha": 0}, "weights.alpha"),
            ({"alpha": 101}, "weights.alpha"),
            ({"alpha": 2**70}, "weights.alpha"),
            ({"alpha": "heavy"}, "weights.alpha"),
            ({"beta": 2}, "weights.beta"),
            ({"gamma": 2, "nobody": 2}, "weights.nobody"),
        ]:
            with self.subTest(weights=weights):
                fields = self.invalid("coordinator", "patch", self.path, {"weights": weights})
                self.assertEqual(list(fields), [field])
        self.assertIn("weights", self.invalid("coordinator", "patch", self.path, {}))
        self.assertFalse(VotingWeight.objects.exists())
