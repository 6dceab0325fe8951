"""Nothing private leaves by federation: every actor, outbox page, object, activity and
delivery body is searched for the secrets planted here (the public index's leak tests,
extended to everything we federate)."""

import datetime
import json
from unittest import mock

from django.utils import timezone

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.coalitions.models import Coalition
from caucus.decisions.tests.helpers import open_vote
from caucus.federation import client
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
