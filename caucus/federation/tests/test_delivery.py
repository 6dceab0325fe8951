"""Delivery: one row per (activity, inbox), shared inboxes deduplicated, signed POSTs,
retries with growing delays for a day, then giving up; blocked and silent servers."""

import datetime as dt
import json
from unittest import mock

import time_machine
from apsig.draft.verify import Verifier
from django.core.checks import run_checks
from django.test import override_settings
from django.utils import timezone

from caucus.federation import actors, client, delivery
from caucus.federation.keys import ensure_keys
from caucus.federation.models import (
    Delivery,
    DeliveryState,
    Follower,
    InstanceBlock,
    RemoteActor,
)
from caucus.federation.publishing import record
from caucus.federation.tests.base import FederationTestCase


def remote(n: int, domain: str = "a.example", shared: bool = True) -> RemoteActor:
    uri = f"https://{domain}/users/u{n}"
    return RemoteActor.objects.create(
        uri=uri,
        domain=domain,
        inbox=uri + "/inbox",
        key_id=uri + "#k",
        public_key="x",
        shared_inbox=f"https://{domain}/inbox" if shared else "",
    )


class DeliverySetup(FederationTestCase):
    def setUp(self):
        super().setUp()
        self.actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        for n, (domain, shared) in enumerate(
            [("a.example", True), ("a.example", True), ("b.example", False)]
        ):
            Follower.objects.create(
                actor=self.actor,
                remote=remote(n, domain, shared),
                follow_id=f"f{n}",
                state="accepted",
            )
        self.activity = record(self.actor, "Create", {"object": {"type": "Note"}})


class DeliveryTestCase(DeliverySetup):
    def test_followers_on_one_server_share_one_delivery(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")):
            delivery.fan_out(self.activity)
        inboxes = sorted(Delivery.objects.values_list("inbox", flat=True))
        self.assertEqual(inboxes, ["https://a.example/inbox", "https://b.example/users/u2/inbox"])
        self.assertEqual(Delivery.objects.filter(state="delivered").count(), 2)

    def test_fanning_out_twice_delivers_once(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            delivery.fan_out(self.activity)
            delivery.fan_out(self.activity)
        self.assertEqual(post.call_count, 2)
        self.assertEqual(Delivery.objects.count(), 2)

    def test_the_post_is_signed_as_mastodon_verifies_it(self):
        captured = {}

        def fake_request(method, url, *, headers, body=None, sign=None):
            captured.update(method=method, url=url, headers=headers, body=body)
            return client.Response(202, b"")

        with mock.patch.object(client, "request", side_effect=fake_request):
            delivery.post(self.activity, "https://b.example/users/u2/inbox")
        headers = captured["headers"]
        self.assertEqual(headers["Content-Type"], "application/activity+json")
        self.assertIn(
            'headers="(request-target) host date digest content-type"', headers["Signature"]
        )
        pem = ensure_keys(self.actor).public_key
        key_id = Verifier(pem, "POST", captured["url"], headers, captured["body"]).verify(
            raise_on_fail=True
        )
        self.assertEqual(key_id, f"{self.actor_url()}#main-key")
        self.assertEqual(json.loads(captured["body"])["id"], self.activity.payload["id"])

    def actor_url(self):
        return actors.actor_id(actors.Ref("coalition", self.coalition))

    def test_a_failure_is_retried_later_then_given_up_after_a_day(self):
        with mock.patch.object(delivery, "post", side_effect=client.FetchError("refused")):
            delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
        row = Delivery.objects.get()
        self.assertEqual(row.state, DeliveryState.PENDING)
        self.assertEqual(row.attempts, 1)
        self.assertGreater(row.next_attempt_at, timezone.now() + dt.timedelta(seconds=50))
        Delivery.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now(), created=timezone.now() - dt.timedelta(days=1, hours=1)
        )
        with mock.patch.object(delivery, "post", side_effect=client.FetchError("refused")):
            delivery.cache.clear()
            self.assertEqual(delivery.send(row.pk), DeliveryState.GAVE_UP)

    def test_an_unexpected_error_is_a_failed_attempt_that_backs_off_then_gives_up(self):
        with mock.patch.object(delivery, "post", side_effect=ValueError("a bug of ours")):
            with self.assertLogs("caucus.federation.delivery", "ERROR"):
                delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
        row = Delivery.objects.get()
        self.assertEqual((row.state, row.attempts), (DeliveryState.PENDING, 1))
        self.assertGreater(row.next_attempt_at, timezone.now() + dt.timedelta(seconds=50))
        self.assertIn("a bug of ours", row.last_error)
        Delivery.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now(), created=timezone.now() - dt.timedelta(days=1, hours=1)
        )
        with mock.patch.object(delivery, "post", side_effect=ValueError("a bug of ours")):
            with self.assertLogs("caucus.federation.delivery", "ERROR"):
                self.assertEqual(delivery.send(row.pk), DeliveryState.GAVE_UP)
        self.assertFalse(delivery.unfinished())

    def test_an_inbox_http_client_cannot_send_to_is_a_failed_attempt(self):
        inbox = "https://b.example/users/jos\u00e9/inbox"  # an IRI, not percent-encoded
        public = [(2, 1, 6, "", ("93.184.216.34", 443))]
        with (
            mock.patch("socket.getaddrinfo", return_value=public),
            mock.patch("socket.create_connection", side_effect=OSError("no network")) as net,
        ):
            delivery.fan_out(self.activity, [inbox])
        self.assertFalse(net.called)
        row = Delivery.objects.get()
        self.assertEqual((row.state, row.attempts), (DeliveryState.PENDING, 1))
        self.assertIn("ASCII", row.last_error)

    def test_the_delays_grow(self):
        self.assertEqual(delivery.BACKOFF, sorted(delivery.BACKOFF))
        self.assertLessEqual(sum(delivery.BACKOFF), 24 * 3600)

    def test_a_server_that_just_failed_is_not_tried_again_at_once(self):
        with mock.patch.object(delivery, "post", side_effect=client.FetchError("timeout")) as post:
            delivery.fan_out(self.activity, ["https://b.example/1", "https://b.example/2"])
        self.assertEqual(post.call_count, 1)  # the second waits for the server to come back
        self.assertEqual(Delivery.objects.filter(state="pending").count(), 2)

    def test_a_refusal_by_the_inbox_is_final(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(410, b"gone")):
            delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
        self.assertEqual(Delivery.objects.get().state, DeliveryState.GAVE_UP)

    def test_a_claimed_delivery_is_not_sent_twice(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
            row = Delivery.objects.get()
            self.assertEqual(delivery.send(row.pk), "")
        self.assertEqual(post.call_count, 1)

    def test_blocked_instances_receive_nothing(self):
        InstanceBlock.objects.create(domain="a.example")
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            delivery.fan_out(self.activity)
        self.assertEqual(
            [c.args[1] for c in post.call_args_list], ["https://b.example/users/u2/inbox"]
        )

    def test_a_server_that_is_down_does_not_hold_up_another(self):
        def post(activity, inbox):
            if "down.example" in inbox:
                raise client.FetchError("timed out")
            return client.Response(202, b"")

        inboxes = ["https://down.example/1", "https://down.example/2", "https://up.example/inbox"]
        with mock.patch.object(delivery, "post", side_effect=post) as sent:
            delivery.fan_out(self.activity, inboxes)
        self.assertEqual(sent.call_count, 2)  # the second to down.example waits its turn
        states = dict(Delivery.objects.values_list("inbox", "state"))
        self.assertEqual(states["https://up.example/inbox"], DeliveryState.DELIVERED)
        self.assertEqual(states["https://down.example/2"], DeliveryState.PENDING)


class BoostersFollowersTestCase(FederationTestCase):
    """An action is created by the campaign and boosted by the coalition and the organizing
    organization: its changes reach the followers of all three."""

    def test_update_and_delete_reach_the_followers_of_owner_and_boosters(self):
        from caucus.campaigns import services as campaigns
        from caucus.campaigns.tests.helpers import make_campaign, make_event

        campaign = self.run_commit(make_campaign, self.coalition)
        for domain, ref in (
            ("campaign.example", actors.Ref("campaign", campaign)),
            ("coalition.example", actors.Ref("coalition", self.coalition)),
            ("org.example", actors.Ref("organization", self.alpha)),
            ("other.example", actors.Ref("organization", self.gamma)),  # not organizing it
        ):
            Follower.objects.create(
                actor=actors.local_actor(ref),
                remote=remote(0, domain),
                follow_id="f",
                state="accepted",
            )
        boosted = [
            "https://campaign.example/inbox",
            "https://coalition.example/inbox",
            "https://org.example/inbox",
        ]
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            event = self.run_commit(make_event, campaign, self.alpha)
            self.assertEqual(
                sorted((c.args[0].type, c.args[1]) for c in post.call_args_list),
                [
                    ("Announce", "https://coalition.example/inbox"),
                    ("Announce", "https://org.example/inbox"),
                    ("Create", "https://campaign.example/inbox"),
                ],
            )
            for change in ("cancel", "delete"):
                post.reset_mock()
                if change == "cancel":
                    self.run_commit(
                        campaigns.event_change_status,
                        event=event,
                        status="cancelled",
                        note="Rain",
                        actor=self.coordinator,
                    )
                else:
                    self.run_commit(event.delete)
                kinds = {c.args[0].type for c in post.call_args_list}
                self.assertEqual(kinds, {"Update" if change == "cancel" else "Delete"})
                self.assertEqual(sorted(c.args[1] for c in post.call_args_list), boosted, change)


class ClientGuardTestCase(FederationTestCase):
    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
    def test_it_refuses_loopback_private_and_link_local_addresses(self):
        for url in (
            "https://127.0.0.1/x",
            "https://10.0.0.1/x",
            "https://169.254.169.254/x",
            "https://[::1]/x",
            "https://192.168.1.1/x",
            "https://localhost/x",
        ):
            with self.assertRaises(client.FetchError, msg=url):
                client.request("GET", url, headers={})

    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
    def test_it_refuses_plain_http_and_credentials(self):
        for url in ("http://example.org/x", "https://u:p@example.org/x", "ftp://example.org/x"):
            with self.assertRaises(client.FetchError, msg=url):
                client.request("GET", url, headers={})

    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
    def test_a_name_that_resolves_to_a_private_address_is_refused(self):
        answer = [(2, 1, 6, "", ("10.1.2.3", 443))]
        with mock.patch("socket.getaddrinfo", return_value=answer):
            with self.assertRaises(client.FetchError):
                client.resolve("innocent.example", 443)

    def test_loopback_is_allowed_when_the_setting_says_so(self):
        self.assertEqual(client.resolve("127.0.0.1", 80), ["127.0.0.1"])

    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=True, HTTPS=True)
    def test_private_networks_with_https_is_a_configuration_error(self):
        ids = [message.id for message in run_checks()]
        self.assertIn("caucus.E101", ids)


class RetryCommandTestCase(DeliverySetup):
    def test_the_command_queues_due_deliveries_again(self):
        from io import StringIO

        from django.core.management import call_command

        with mock.patch.object(delivery, "post", side_effect=client.FetchError("down")):
            delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
        Delivery.objects.update(next_attempt_at=timezone.now())
        delivery.cache.clear()
        out = StringIO()
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")):
            call_command("federation_retry", stdout=out)
        self.assertIn("1 deliveries queued", out.getvalue())
        self.assertEqual(Delivery.objects.get().state, DeliveryState.DELIVERED)


class LeaseAndPruneTestCase(DeliverySetup):
    """A worker killed mid-POST, the sweep that recovers its delivery, and retention."""

    def queue_one(self) -> Delivery:
        with mock.patch.object(delivery, "post", side_effect=client.FetchError("down")):
            delivery.fan_out(self.activity, ["https://b.example/users/u2/inbox"])
        Delivery.objects.update(next_attempt_at=timezone.now())
        delivery.cache.clear()
        return Delivery.objects.get()

    def test_a_delivery_whose_worker_died_mid_post_is_sent_once_its_lease_runs_out(self):
        from caucus.federation.tasks import retry_due

        row = self.queue_one()
        self.assertIsNotNone(delivery._claim(row.pk))  # the worker claims it, then is killed
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            retry_due.call()
            self.assertEqual(post.call_count, 0)  # the lease still holds: not sent twice
            later = timezone.now() + delivery.SENDING_LEASE + dt.timedelta(seconds=1)
            with time_machine.travel(later, tick=False):
                retry_due.call()
        self.assertEqual(post.call_count, 1)
        row.refresh_from_db()
        self.assertEqual(row.state, DeliveryState.DELIVERED)

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_a_fan_out_starts_one_retry_sweep(self):
        from django_tasks_db.models import DBTaskResult

        from caucus.federation.tasks import retry_due

        delivery.fan_out(self.activity)
        delivery.fan_out(record(self.actor, "Create", {"object": {"type": "Note"}}))
        sweeps = DBTaskResult.objects.filter(task_path=retry_due.module_path, status="READY")
        self.assertEqual(sweeps.count(), 1)

    def test_finished_deliveries_are_pruned_with_the_task_rows_and_the_activity_stays(self):
        from caucus.signatures.signals import housekeeping

        old = timezone.now() - dt.timedelta(days=31)
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")):
            delivery.fan_out(self.activity)
        recent = Delivery.objects.order_by("pk").last()
        Delivery.objects.exclude(pk=recent.pk).update(delivered_at=old, created=old)
        gave_up = Delivery.objects.create(
            activity=self.activity,
            inbox="https://c.example/inbox",
            domain="c.example",
            state=DeliveryState.GAVE_UP,
            created=old,
        )
        housekeeping.send(sender=None)
        self.assertEqual(list(Delivery.objects.values_list("pk", flat=True)), [recent.pk])
        self.assertFalse(Delivery.objects.filter(pk=gave_up.pk).exists())
        self.activity.refresh_from_db()  # still in the outbox


class ActorChangesTestCase(DeliverySetup):
    def test_a_new_name_is_an_update_of_the_actor(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            self.coalition.name = "United Front"
            self.run_commit(self.coalition.save)
        sent = [call.args[0] for call in post.call_args_list]
        self.assertEqual({a.type for a in sent}, {"Update"})
        self.assertEqual(sent[0].payload["object"]["name"], "United Front")
        self.assertEqual(len(sent), 2)  # one per server (a.example shares an inbox)

    def test_a_coalition_made_private_deletes_its_actor_and_forgets_followers(self):
        with mock.patch.object(delivery, "post", return_value=client.Response(202, b"")) as post:
            self.coalition.is_public = False
            self.run_commit(self.coalition.save)
        deletes = [c.args[0] for c in post.call_args_list if c.args[0].type == "Delete"]
        self.assertEqual(deletes[0].payload["object"], self.actor_url())
        self.assertFalse(Follower.objects.filter(actor=self.actor).exists())
        self.actor.refresh_from_db()
        self.assertEqual(self.actor.follower_count, 0)

    def actor_url(self):
        return actors.actor_id(actors.Ref("coalition", self.coalition))
