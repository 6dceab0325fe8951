"""The operators' admin: blocking an instance, accepting follow requests held for approval,
retrying deliveries, and a delivery queue nobody adds to by hand."""

import datetime as dt

from django.utils import timezone

from caucus.federation import actors
from caucus.federation.models import (
    Delivery,
    DeliveryState,
    Follower,
    InstanceBlock,
    LocalActor,
    RemoteActor,
)
from caucus.federation.publishing import record
from caucus.federation.tests.base import FederationTestCase
from caucus.federation.tests.test_inbox import InboxSetup


def remote(domain: str) -> RemoteActor:
    uri = f"https://{domain}/users/x"
    return RemoteActor.objects.create(
        uri=uri, domain=domain, inbox=uri + "/inbox", key_id=uri + "#k", public_key="x"
    )


class AdminTestCase(InboxSetup, FederationTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.operator)
        self.actor = actors.local_actor(actors.Ref("coalition", self.coalition))

    def act(self, model: str, action: str, rows):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/admin/federation/{model}/",
                {"action": action, "_selected_action": [row.pk for row in rows]},
            )

    def test_blocking_an_instance_purges_its_followers_and_refuses_its_posts(self):
        self.assertEqual(self.follow().status_code, 202)  # alice@remote.example
        for domain in ("social.remote.example", "notremote.example"):
            Follower.objects.create(
                actor=self.actor, remote=remote(domain), follow_id=domain, state="accepted"
            )
        response = self.client.post(
            "/admin/federation/instanceblock/add/", {"domain": " Remote.Example. ", "reason": "x"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(InstanceBlock.objects.get().domain, "remote.example")
        # The server and its subdomains lose their follows; a look-alike name keeps its own.
        left = Follower.objects.values_list("remote__domain", flat=True)
        self.assertEqual(list(left), ["notremote.example"])
        self.actor.refresh_from_db()
        self.assertEqual(self.actor.follower_count, 1)
        self.posts.reset_mock()
        self.assertEqual(self.follow().status_code, 403)
        self.assertEqual(Follower.objects.count(), 1)
        self.assertFalse(self.posts.called)

    def test_accepting_a_held_follow_sends_the_accept(self):
        LocalActor.objects.filter(pk=self.actor.pk).update(manually_approves_followers=True)
        self.follow()
        follow = Follower.objects.get()
        self.assertEqual(follow.state, "pending")
        self.assertFalse(self.posts.called)
        response = self.act("follower", "accept_follows", [follow])
        self.assertEqual(response.status_code, 302)
        follow.refresh_from_db()
        self.assertEqual(follow.state, "accepted")
        self.actor.refresh_from_db()
        self.assertEqual(self.actor.follower_count, 1)
        accept, inbox = self.posts.call_args.args
        self.assertEqual(accept.type, "Accept")
        self.assertEqual(accept.payload["object"]["id"], f"{self.remote.uri}/follows/1")
        self.assertEqual(accept.payload["actor"], self.coalition_id)
        self.assertEqual(inbox, self.remote.inbox)
        self.assertEqual(Delivery.objects.get().state, DeliveryState.DELIVERED)
        # Accepting it again sends nothing more.
        self.posts.reset_mock()
        self.act("follower", "accept_follows", [follow])
        self.assertFalse(self.posts.called)

    def test_retry_now_sends_waiting_given_up_and_orphaned_deliveries_at_once(self):
        activity = record(self.actor, "Create", {"object": {"type": "Note"}})
        later = timezone.now() + dt.timedelta(hours=2)
        earlier = timezone.now() - dt.timedelta(minutes=1)
        rows = [
            Delivery.objects.create(
                activity=activity,
                inbox=f"https://{name}.example/inbox",
                domain=f"{name}.example",
                state=state,
                next_attempt_at=at,
            )
            for name, state, at in (
                ("waiting", DeliveryState.PENDING, later),
                ("abandoned", DeliveryState.GAVE_UP, later),
                ("done", DeliveryState.DELIVERED, later),
                ("sending", DeliveryState.SENDING, later),  # a worker POSTs it right now
                ("orphaned", DeliveryState.SENDING, earlier),  # its worker died: lease over
            )
        ]
        self.act("delivery", "retry_now", rows)
        sent_to = sorted(call.args[1] for call in self.posts.call_args_list)
        self.assertEqual(
            sent_to,
            [
                "https://abandoned.example/inbox",
                "https://orphaned.example/inbox",
                "https://waiting.example/inbox",
            ],
        )
        states = dict(Delivery.objects.values_list("domain", "state"))
        self.assertEqual(states.pop("sending.example"), DeliveryState.SENDING)
        self.assertEqual(set(states.values()), {DeliveryState.DELIVERED})
        self.assertEqual(Delivery.objects.get(domain="sending.example").next_attempt_at, later)

    def test_the_delivery_queue_takes_no_additions(self):
        self.assertEqual(self.client.get("/admin/federation/delivery/add/").status_code, 403)
        page = self.client.get("/admin/federation/delivery/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "/admin/federation/delivery/add/")
