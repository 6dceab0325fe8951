"""Create, Update, Delete and Announce follow the domain's publications (publishing.sync)."""

import datetime as dt
from unittest import mock

import time_machine

from caucus.federation import client, delivery
from caucus.federation.models import Activity, FederatedObject
from caucus.federation.tests.base import FederationTestCase
from caucus.federation.tests.test_delivery import DeliverySetup
from caucus.statements import services, tasks


class StatementPublishingTestCase(FederationTestCase):
    def test_it_creates_an_article_when_a_statement_is_published(self):
        statement = self.make_coalition_draft()
        self.run_commit(services.statement_publish, statement=statement, actor=self.coordinator)
        fo = FederatedObject.objects.get(kind="statement", object_id=statement.pk)
        self.assertEqual(fo.data["type"], "Article")
        self.assertEqual(fo.data["name"], "Joint declaration")
        create = Activity.objects.get(object=fo, type="Create")
        self.assertTrue(create.in_outbox)
        self.assertEqual(create.actor.kind, "coalition")

    def test_it_federates_no_draft(self):
        self.run_commit(self.make_coalition_draft)
        self.assertFalse(FederatedObject.objects.exists())
        self.assertFalse(Activity.objects.exists())

    def test_it_deletes_a_withdrawn_statement(self):
        statement = self.make_coalition_draft()
        self.run_commit(services.statement_publish, statement=statement, actor=self.coordinator)
        statement.refresh_from_db()
        self.run_commit(
            services.statement_withdraw, statement=statement, actor=self.coordinator, reason="x"
        )
        fo = FederatedObject.objects.get(kind="statement", object_id=statement.pk)
        self.assertIsNotNone(fo.deleted_at)
        delete = Activity.objects.get(object=fo, type="Delete")
        self.assertEqual(delete.payload["object"]["type"], "Tombstone")
        self.assertFalse(Activity.objects.filter(object=fo, in_outbox=True).exists())


class RevisionAndScheduleTestCase(DeliverySetup):
    """A follower on a.example and b.example; delivery.post records what they receive."""

    def setUp(self):
        super().setUp()
        Activity.objects.all().delete()  # DeliverySetup's sample activity
        patcher = mock.patch.object(delivery, "post", return_value=client.Response(202, b""))
        self.posts = patcher.start()
        self.addCleanup(patcher.stop)

    def delivered(self, type_: str) -> list[dict]:
        return [c.args[0].payload for c in self.posts.call_args_list if c.args[0].type == type_]

    def revise(self, statement, **publish):
        self.run_commit(
            services.version_create,
            statement=statement,
            actor=self.coordinator,
            title="Joint declaration, revised",
            body="We stand together, and say so again.",
        )
        self.run_commit(
            services.statement_publish, statement=statement, actor=self.coordinator, **publish
        )

    def test_a_revision_is_an_update_with_updated(self):
        start = dt.datetime(2031, 1, 5, 9, tzinfo=dt.UTC)
        with time_machine.travel(start, tick=False):
            statement = self.run_commit(self.make_published)
        self.assertEqual(len(self.delivered("Create")), 2)  # one per server
        with time_machine.travel(start + dt.timedelta(days=1), tick=False):
            self.revise(statement)
        updates = self.delivered("Update")
        self.assertEqual(len(updates), 2)
        article = updates[0]["object"]
        self.assertEqual(article["name"], "Joint declaration, revised")
        self.assertIn("say so again", article["content"])
        self.assertEqual(article["published"], start.isoformat())
        self.assertEqual(article["updated"], (start + dt.timedelta(days=1)).isoformat())
        fo = FederatedObject.objects.get(kind="statement")
        self.assertEqual(fo.data["updated"], article["updated"])
        self.assertEqual(
            list(Activity.objects.filter(object=fo).values_list("type", flat=True)),
            ["Create", "Update"],
        )

    def test_a_scheduled_revision_is_an_update_at_its_time(self):
        start = dt.datetime(2031, 1, 5, 9, tzinfo=dt.UTC)
        later = start + dt.timedelta(days=2)
        with time_machine.travel(start, tick=False):
            statement = self.run_commit(self.make_published)
            self.revise(statement, published_at=later)
        self.assertEqual(self.delivered("Update"), [])  # not before its time
        with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
            statement.refresh_from_db()
            self.run_commit(
                tasks.apply_scheduled_revision.call, statement.pk, statement.scheduled_version_id
            )
        updates = self.delivered("Update")
        self.assertEqual(len(updates), 2)
        self.assertEqual(updates[0]["object"]["name"], "Joint declaration, revised")
        self.assertEqual(updates[0]["object"]["updated"], later.isoformat())

    def test_a_scheduled_statement_is_created_when_its_time_comes(self):
        start = dt.datetime(2031, 1, 5, 9, tzinfo=dt.UTC)
        later = start + dt.timedelta(days=2)
        with time_machine.travel(start, tick=False):
            statement = self.make_coalition_draft()
            self.run_commit(
                services.statement_publish,
                statement=statement,
                actor=self.coordinator,
                published_at=later,
            )
        self.assertFalse(FederatedObject.objects.exists())
        self.assertEqual(self.posts.call_count, 0)
        with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
            self.run_commit(tasks.announce_publication.call, statement.pk)
        creates = self.delivered("Create")
        self.assertEqual(len(creates), 2)
        self.assertEqual(creates[0]["object"]["name"], "Joint declaration")
        self.assertEqual(creates[0]["object"]["published"], later.isoformat())
        self.assertNotIn("updated", creates[0]["object"])
