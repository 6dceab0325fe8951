"""What each domain change sends, to whom, and with which object (publishing.sync)."""

from datetime import date, time

from caucus.campaigns import services as campaigns
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.coalitions.models import Coalition
from caucus.decisions import services as decisions
from caucus.decisions.tests.helpers import Clock, expire, open_vote
from caucus.federation.delivery import recipients
from caucus.federation.models import Activity, FederatedObject
from caucus.federation.objects import FEP
from caucus.federation.publishing import record, sync
from caucus.federation.tests.base import SITE, FederationTestCase
from caucus.solidarity import services as solidarity
from caucus.solidarity.models import Case, CaseRecord
from caucus.statements import services as statements


def sent(**filters) -> list[str]:
    return list(Activity.objects.filter(**filters).order_by("pk").values_list("type", flat=True))


class EventObjectTestCase(FederationTestCase):
    def setUp(self):
        super().setUp()
        self.campaign = self.run_commit(make_campaign, self.coalition)
        self.event = self.run_commit(
            make_event,
            self.campaign,
            self.alpha,
            address="Secret street 5",
            address_visibility="rsvp",
            latitude=41.0151,
            longitude=28.9795,
        )
        self.fo = FederatedObject.objects.get(kind="event", object_id=self.event.pk)

    def test_a_new_action_is_created_by_the_campaign_and_boosted(self):
        create = Activity.objects.get(object=self.fo, type="Create")
        self.assertEqual(create.actor.kind, "campaign")
        boosters = Activity.objects.filter(object=self.fo, type="Announce")
        self.assertEqual(sorted(a.actor.kind for a in boosters), ["coalition", "organization"])
        for announce in boosters:
            self.assertEqual(announce.payload["object"], f"{SITE}/events/{self.event.uid}/")

    def test_the_event_follows_fep_8a8e(self):
        data = self.fo.data
        self.assertEqual(data["type"], "Event")
        self.assertEqual(data["name"], "Rally in Istanbul")
        self.assertEqual(data["startTime"], "2031-03-04T18:00:00+03:00")
        self.assertEqual(data["endTime"], "2031-03-04T20:00:00+03:00")
        self.assertEqual(data["timezone"], "Europe/Istanbul")
        self.assertEqual(data["eventStatus"], FEP + "EventScheduled")
        place = data["location"]
        self.assertEqual(place["type"], "Place")
        self.assertIn("Istanbul", place["name"])
        self.assertNotIn("address", place)  # RSVP-only
        self.assertNotEqual((place["latitude"], place["longitude"]), (41.0151, 28.9795))
        self.assertIn("https://www.w3.org/ns/activitystreams#Public", data["to"])
        self.assertEqual(data["attributedTo"], f"{SITE}/campaigns/spring/")

    def test_a_cancelled_action_is_updated_with_its_status(self):
        self.run_commit(
            campaigns.event_change_status,
            event=self.event,
            status="cancelled",
            note="Rain",
            actor=self.coordinator,
        )
        update = Activity.objects.filter(object=self.fo, type="Update").get()
        self.assertEqual(update.payload["object"]["eventStatus"], FEP + "EventCancelled")

    def test_a_moved_action_is_updated(self):
        self.event.refresh_from_db()
        data = {
            f: getattr(self.event, f)
            for f in (
                "title",
                "kind",
                "description",
                "day_of_action",
                "city",
                "country",
                "time_zone",
                "starts_at",
                "ends_at",
                "venue",
                "address",
                "address_visibility",
                "latitude",
                "longitude",
                "online_url",
                "capacity",
                "signup_url",
            )
        }
        data["city"] = "Ankara"
        self.run_commit(campaigns.event_update, event=self.event, data=data, actor=self.editor)
        update = Activity.objects.get(object=self.fo, type="Update")
        self.assertIn("Ankara", update.payload["object"]["location"]["name"])

    def test_a_coalition_made_private_deletes_its_actions(self):
        self.coalition.is_public = False
        self.run_commit(self.coalition.save)
        self.fo.refresh_from_db()
        self.assertIsNotNone(self.fo.deleted_at)
        self.assertIn("Delete", sent(object=self.fo))

    def test_a_pending_host_proposal_is_not_federated(self):
        self.run_commit(make_event, self.campaign, None, approval="pending", title="Proposal")
        self.assertFalse(FederatedObject.objects.filter(data__name="Proposal").exists())


class StatementObjectTestCase(FederationTestCase):
    def publish_org_statement(self):
        statement = self.make_org_draft()
        self.run_commit(statements.statement_publish, statement=statement, actor=self.editor)
        return FederatedObject.objects.get(kind="statement")

    def test_an_organization_statement_is_boosted_by_its_coalition(self):
        # A boost names the organization as a member: not from a members-only list ("united")…
        fo = self.publish_org_statement()
        self.assertEqual(fo.owner.kind, "organization")
        self.assertEqual(sent(object=fo), ["Create"])
        # … but from a coalition whose member list is public, as the organization's page shows.
        Coalition.objects.filter(pk=self.coalition.pk).update(member_list="public")
        FederatedObject.objects.filter(pk=fo.pk).update(digest="stale")
        self.run_commit(sync, "statement", fo.object_id)
        announce = Activity.objects.get(object=fo, type="Announce")
        self.assertEqual(announce.actor.kind, "coalition")
        self.assertEqual(announce.payload["cc"][1], f"{SITE}/o/alpha/")

    def test_a_member_list_made_members_only_takes_the_boosts_back(self):
        self.coalition.member_list = "public"
        self.run_commit(self.coalition.save)
        fo = self.publish_org_statement()
        announce = Activity.objects.get(object=fo, type="Announce")
        coalition = self.actor_row("coalition", self.coalition)
        self.assertEqual(self.get_ap(f"/ap/activities/{announce.uid}").status_code, 200)
        self.coalition.member_list = "members"
        self.run_commit(self.coalition.save)
        undo = Activity.objects.get(object=fo, type="Undo")
        self.assertEqual(undo.actor, coalition)
        self.assertEqual(undo.payload["object"]["id"], announce.payload["id"])
        self.assertEqual(undo.payload["object"]["type"], "Announce")
        self.assertFalse(Activity.objects.filter(actor=coalition, in_outbox=True).exists())
        self.assertEqual(self.get_ap(f"/ap/activities/{announce.uid}").status_code, 410)
        # The organization's followers still get its updates, the coalition's no longer.
        update = record(fo.owner, "Update", {"object": fo.data}, obj=fo)
        self.assertEqual(recipients(update), [fo.owner_id])

    def test_a_translation_is_an_update(self):
        statement = self.run_commit(self.make_published)
        fo = FederatedObject.objects.get(kind="statement")
        self.run_commit(
            statements.translation_save,
            statement=statement,
            actor=self.coordinator,
            language="es",
            title="Declaración conjunta",
            body="Juntos.",
        )
        fo.refresh_from_db()
        self.assertEqual(fo.data["contentMap"]["es"], "<p>Juntos.</p>\n")
        self.assertEqual(fo.data["nameMap"]["es"], "Declaración conjunta")
        self.assertEqual(sent(object=fo), ["Create", "Update"])

    def test_a_scheduled_statement_waits_for_its_time(self):
        from datetime import timedelta

        from django.utils import timezone

        statement = self.make_coalition_draft()
        later = timezone.now() + timedelta(days=2)
        self.run_commit(
            statements.statement_publish,
            statement=statement,
            actor=self.coordinator,
            published_at=later,
        )
        self.assertFalse(FederatedObject.objects.exists())

    def test_boosts_made_before_the_rule_leave_the_outbox(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module("caucus.federation.migrations.0002_members_only_boosts")
        Coalition.objects.filter(pk=self.coalition.pk).update(member_list="public")
        fo = self.publish_org_statement()
        Coalition.objects.filter(pk=self.coalition.pk).update(member_list="members")
        migration.hide(apps, None)
        announce = Activity.objects.get(object=fo, type="Announce")
        self.assertFalse(announce.in_outbox)
        self.assertEqual(self.get_ap(f"/ap/activities/{announce.uid}").status_code, 410)


class CaseObjectTestCase(FederationTestCase):
    def setUp(self):
        super().setUp()
        from django.utils import timezone

        self.case = Case.objects.create(
            coalition=self.coalition,
            slug="a-y",
            display_name="A.Y.",
            country="TR",
            summary="Ayşe Yılmaz of Gebze was detained.",
            protected=True,
            published_at=timezone.now(),
        )
        self.run_commit(
            CaseRecord.objects.create, case=self.case, full_name="Ayşe Yılmaz", city="Gebze"
        )

    def test_a_hearing_is_an_event_and_an_update_a_note(self):
        self.run_commit(
            solidarity.entry_add,
            case=self.case,
            actor=self.coordinator,
            kind="hearing",
            date=date(2031, 5, 6),
            time=time(9, 30),
            time_zone="Europe/Istanbul",
            place="Court 3",
        )
        self.run_commit(
            solidarity.entry_add,
            case=self.case,
            actor=self.coordinator,
            kind="update",
            date=date(2031, 5, 7),
            note="Visited in prison.",
        )
        hearing, update = FederatedObject.objects.filter(kind="entry").order_by("pk")
        self.assertEqual(hearing.data["type"], "Event")
        self.assertEqual(hearing.data["startTime"], "2031-05-06T09:30:00+03:00")
        self.assertEqual(hearing.data["location"]["name"], "Court 3")
        self.assertNotIn("latitude", hearing.data["location"])  # a protected case's city
        self.assertEqual(update.data["type"], "Note")
        self.assertIn("Visited in prison.", update.data["content"])
        self.assertEqual(update.owner.kind, "coalition")

    def test_a_protected_case_never_names_the_person(self):
        fo = FederatedObject.objects.get(kind="case")
        text = str(fo.data)
        self.assertNotIn("Yılmaz", text)
        self.assertNotIn("Gebze", text)


class VoteObjectTestCase(FederationTestCase):
    def tearDown(self):
        Clock.reset()
        super().tearDown()

    def test_ledger_heads_and_the_resolution_are_published(self):
        vote = self.run_commit(open_vote, self)
        head = FederatedObject.objects.get(kind="head")
        self.assertEqual(head.data["type"], "Note")
        names = {a["name"]: a["value"] for a in head.data["attachment"]}
        self.assertEqual(names["Fingerprint"], vote.fingerprint)
        self.assertIn(names["Head"], head.data["content"])
        self.assertIn(vote.fingerprint, head.data["content"])
        for org, person in ((self.alpha, self.coordinator), (self.gamma, self.gamma_admin)):
            self.run_commit(
                decisions.ballot_cast, vote=vote, organization=org, actor=person, choice="for"
            )
        expire(vote)
        self.run_commit(decisions.close_if_due, vote)
        # opened, two ballots, closed: the head after every ballot is witnessed too
        self.assertEqual(FederatedObject.objects.filter(kind="head").count(), 4)
        resolution = FederatedObject.objects.get(kind="resolution")
        self.assertIn("Solidarity with the dockers", resolution.data["name"])
        self.assertEqual(resolution.owner.kind, "coalition")
