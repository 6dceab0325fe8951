"""Create, Update, Delete and Announce follow the domain's publications (publishing.sync)."""

from caucus.federation.models import Activity, FederatedObject
from caucus.federation.tests.base import FederationTestCase
from caucus.statements import services


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
