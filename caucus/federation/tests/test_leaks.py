"""Nothing private leaves by federation: every actor, outbox page, object, activity and
delivery body is searched for the secrets planted here (the public index's leak tests,
extended to everything we federate)."""

import datetime
import json
from unittest import mock

from django.utils import timezone

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.coalitions.models import Coalition
from caucus.decisions import services as decisions
from caucus.decisions.tests.helpers import open_vote
from caucus.federation import actors, client
from caucus.federation.models import Activity, FederatedObject, Follower, LocalActor, RemoteActor
from caucus.federation.publishing import sync
from caucus.federation.tests.base import SITE, FederationTestCase
from caucus.signatures.services import individual_sign
from caucus.solidarity.models import Case, CaseRecord, TimelineEntry
from caucus.statements import services as statements

SECRETS = [
    "Secret Street 17",  # an RSVP-only address
    "Hidden Lane 4",  # a hidden address
    "meet.secret.example",  # an online meeting link
    "host-secret@example.org",  # an outside host's contact
    "41.0151",  # exact coordinates of an action
    "Ayşe Yılmaz",  # a protected person's name
    "Yılmaz",
    "Gebze",  # and city
    "signer-secret@example.org",  # a signer's email
    "Sally Signer",  # a signer who did not show her name
    "DRAFT-ONLY-TITLE",  # a draft statement
    "UNPUBLISHED-REVISION",  # a revision not yet published
    "PRIVATE-COALITION",  # a coalition that is not public
]


class LeakTestCase(FederationTestCase):
    def setUp(self):
        super().setUp()
        self.plant()
        remote = RemoteActor.objects.create(
            uri="https://r.example/u",
            domain="r.example",
            inbox="https://r.example/u/inbox",
            key_id="https://r.example/u#k",
            public_key="x",
        )
        for actor in LocalActor.objects.exclude(kind="instance"):
            Follower.objects.create(actor=actor, remote=remote, follow_id="f", state="accepted")

    def plant(self):
        campaign = self.run_commit(make_campaign, self.coalition)
        self.run_commit(
            make_event,
            campaign,
            self.alpha,
            address="Secret Street 17",
            address_visibility="rsvp",
            latitude=41.0151,
            longitude=28.9795,
        )
        self.run_commit(
            make_event,
            campaign,
            self.gamma,
            address="Hidden Lane 4",
            address_visibility="hidden",
            city="Ankara",
            title="Hidden",
        )
        online = self.run_commit(make_event, campaign, self.alpha, kind="online", title="Call")
        online.online_url = "https://meet.secret.example/room"
        online.host_contact = "host-secret@example.org"
        self.run_commit(online.save)
        case = Case.objects.create(
            coalition=self.coalition,
            slug="a-y",
            display_name="A.Y.",
            country="TR",
            summary="Ayşe Yılmaz of Gebze was detained.",
            protected=True,
            published_at=timezone.now(),
        )
        self.run_commit(CaseRecord.objects.create, case=case, full_name="Ayşe Yılmaz", city="Gebze")
        # Text stored before protection was turned on still names her (the services now
        # refuse it): the public accessors must withhold it wherever it is federated.
        for kind, note, starts_at in (
            ("update", "Ayşe Yılmaz was moved from Gebze.", None),
            (
                "hearing",
                "Ayşe Yılmaz appears.",
                datetime.datetime(2031, 5, 6, 6, 30, tzinfo=datetime.UTC),
            ),
        ):
            self.run_commit(
                TimelineEntry.objects.create,
                case=case,
                kind=kind,
                note=note,
                date=datetime.date(2031, 5, 6),
                starts_at=starts_at,
                time_zone="Europe/Istanbul" if starts_at else "",
                place="Gebze court",
            )
        published = self.run_commit(self.make_published)
        self.run_commit(
            individual_sign,
            statement=published,
            name="Sally Signer",
            email="signer-secret@example.org",
            city="Gebze",
            country="TR",
        )
        self.run_commit(
            statements.version_create,
            statement=published,
            actor=self.coordinator,
            title="UNPUBLISHED-REVISION",
            body="UNPUBLISHED-REVISION",
        )
        self.run_commit(self.make_coalition_draft, title="DRAFT-ONLY-TITLE")
        hidden = Coalition.objects.create(slug="quiet", name="PRIVATE-COALITION", is_public=False)
        self.run_commit(
            statements.statement_create,
            actor=self.coordinator,
            author_coalition=hidden,
            title="In the PRIVATE-COALITION",
            body="x",
            language="en",
        )
        self.run_commit(open_vote, self)

    def everything_federated(self) -> str:
        texts = []
        for actor in LocalActor.objects.all():
            texts.append(self.get_ap(f"/ap/actors/{actor.pk}/outbox?page=1").content.decode())
            texts.append(self.get_ap(f"/ap/actors/{actor.pk}/followers").content.decode())
        for path in ("/c/united/", "/o/alpha/", "/o/gamma/", "/campaigns/spring/", "/ap/actor"):
            texts.append(self.get_ap(path).content.decode())
        for fo in FederatedObject.objects.all():
            texts.append(self.get_ap(fo.ap_id.removeprefix(SITE)).content.decode())
        for activity in Activity.objects.all():
            texts.append(json.dumps(activity.payload, ensure_ascii=False))
            texts.append(self.get_ap(f"/ap/activities/{activity.uid}").content.decode())
        return "\n".join(texts)

    def test_no_secret_is_federated(self):
        self.assertTrue(FederatedObject.objects.filter(kind="event").count() >= 3)
        self.assertTrue(FederatedObject.objects.filter(kind="entry").exists())
        self.assertTrue(FederatedObject.objects.filter(kind="head").exists())
        text = self.everything_federated()
        text += json.dumps(self.get_ap("/o/alpha/").json(), ensure_ascii=False)
        for secret in SECRETS:
            self.assertNotIn(secret, text, secret)
            self.assertNotIn(json.dumps(secret)[1:-1], text, secret)

    def test_no_secret_is_delivered(self):
        bodies = []

        def capture(method, url, *, headers, body=None, sign=None):
            bodies.append(body.decode())
            return client.Response(202, b"")

        with mock.patch.object(client, "request", side_effect=capture):
            for fo in FederatedObject.objects.all():
                FederatedObject.objects.filter(pk=fo.pk).update(digest="stale")
                with self.captureOnCommitCallbacks(execute=True):
                    sync(fo.kind, fo.object_id)
        self.assertTrue(bodies)
        delivered = "\n".join(bodies)
        for secret in SECRETS:
            self.assertNotIn(secret, delivered, secret)


class MembershipLeakTestCase(FederationTestCase):
    """Who belongs to a coalition with a members-only list is not public on the web (neither
    its page nor its members' pages say): nothing the coalition federates may say it either."""

    MEMBERS = ("/o/alpha/", "/o/gamma/", "Alpha Union", "Gamma Union", "ALPHA", "GAMMA")

    def setUp(self):
        super().setUp()
        self.remote = RemoteActor.objects.create(
            uri="https://r.example/u",
            domain="r.example",
            inbox="https://r.example/u/inbox",
            key_id="https://r.example/u#k",
            public_key="x",
        )
        coalition = actors.local_actor(actors.Ref("coalition", self.coalition))
        Follower.objects.create(
            actor=coalition, remote=self.remote, follow_id="f", state="accepted"
        )

    def publish_everything(self) -> list[str]:
        """What members and the coalition publish; returns the bodies delivered to a server
        that follows the coalition only."""
        bodies = []

        def capture(method, url, *, headers, body=None, sign=None):
            bodies.append(body.decode())
            return client.Response(202, b"")

        with mock.patch.object(client, "request", side_effect=capture):
            for org, editor in ((self.alpha, self.editor), (self.gamma, self.gamma_admin)):
                draft = self.run_commit(
                    statements.statement_create,
                    actor=editor,
                    author_organization=org,
                    title=f"{org.slug} speaks",
                    body="x",
                    language="en",
                )
                self.run_commit(statements.statement_publish, statement=draft, actor=editor)
            self.run_commit(self.make_published)
            vote = self.run_commit(open_vote, self)
            for org, person in ((self.alpha, self.coordinator), (self.gamma, self.gamma_admin)):
                self.run_commit(
                    decisions.ballot_cast, vote=vote, organization=org, actor=person, choice="for"
                )
        return bodies

    def what_the_coalition_shows(self) -> str:
        actor = self.actor_row("coalition", self.coalition)
        texts = [self.get_ap("/c/united/").content.decode()]
        for name in ("followers", "following", "outbox"):
            texts.append(self.get_ap(f"/ap/actors/{actor.pk}/{name}").content.decode())
        url = f"/ap/actors/{actor.pk}/outbox?page=1"
        while url:
            page = self.get_ap(url).json()
            texts.append(json.dumps(page, ensure_ascii=False))
            url = page.get("next", "").removeprefix(SITE)
        for activity in Activity.objects.filter(actor=actor):
            texts.append(json.dumps(activity.payload, ensure_ascii=False))
            texts.append(self.get_ap(f"/ap/activities/{activity.uid}").content.decode())
        for fo in FederatedObject.objects.filter(owner=actor):
            texts.append(self.get_ap(fo.ap_id.removeprefix(SITE)).content.decode())
        return "\n".join(texts)

    def test_a_members_only_coalition_names_no_member(self):
        delivered = "\n".join(self.publish_everything())
        self.assertTrue(delivered)  # the coalition's own statement and ledger heads
        self.assertEqual(
            FederatedObject.objects.filter(kind="statement", owner__kind="organization").count(),
            2,
        )
        shown = self.what_the_coalition_shows()
        for secret in self.MEMBERS:
            self.assertNotIn(secret, shown, secret)
            self.assertNotIn(secret, delivered, secret)

    def test_the_search_finds_the_members_of_a_public_list(self):
        """The same search sees the members once the list is public (the test can fail)."""
        self.coalition.member_list = "public"
        with mock.patch.object(client, "request", return_value=client.Response(202, b"")):
            self.run_commit(self.coalition.save)  # an Update of the actor to its follower
        delivered = "\n".join(self.publish_everything())
        shown = self.what_the_coalition_shows()
        self.assertIn("/o/alpha/", shown)
        self.assertIn("/o/gamma/", delivered)
