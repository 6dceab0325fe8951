"""Migrations keep what exists: statement translations take the shared shape with every row,
and topics move to their own app on the same table."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from caucus.lib.translations import text_hash


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # ("app", None) means "none of its migrations": no state to add for it.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


class StatementTranslationMigrationTestCase(TransactionTestCase):
    def tearDown(self):
        migrate(latest())

    def test_every_translation_stays_and_records_the_version_it_translates(self):
        apps = migrate([("statements", "0004_opening_notice")])
        Coalition = apps.get_model("coalitions", "Coalition")
        Statement = apps.get_model("statements", "Statement")
        Version = apps.get_model("statements", "StatementVersion")
        Translation = apps.get_model("statements", "Translation")
        coalition = Coalition.objects.create(slug="c", name="C")
        statement = Statement.objects.create(
            slug="s", author_coalition=coalition, language="en", teaser="Fair pay"
        )
        v1 = Version.objects.create(statement=statement, number=1, title="Old", body="Old text")
        v2 = Version.objects.create(statement=statement, number=2, title="New", body="New text")
        Statement.objects.filter(pk=statement.pk).update(
            current_version=v2, published_version=v2, status="published"
        )
        for language, version in (("es", v1), ("tr", v2)):
            Translation.objects.create(
                statement=statement, language=language, version=version, title="T", body="B"
            )

        apps = migrate(latest())
        Translation = apps.get_model("statements", "Translation")
        rows = {t.language: t for t in Translation.objects.all()}
        self.assertEqual(set(rows), {"es", "tr"})
        self.assertEqual(rows["es"].source_hashes["body"], text_hash("Old text"))
        self.assertEqual(rows["tr"].source_hashes["title"], text_hash("New"))
        self.assertEqual(rows["tr"].source_hashes["teaser"], text_hash("Fair pay"))

        from caucus.statements.models import Translation as Current

        self.assertTrue(Current.objects.get(language="es").is_stale)
        self.assertFalse(Current.objects.get(language="tr").is_stale)


class TopicMoveMigrationTestCase(TransactionTestCase):
    def tearDown(self):
        migrate(latest())

    def test_topics_keep_their_rows_and_content_type(self):
        apps = migrate(
            [
                ("public", "0003_listed"),
                ("topics", None),
                ("contenttypes", "0002_remove_content_type_name"),
            ]
        )
        apps.get_model("public", "Topic").objects.create(slug="labour", name="Labour")
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label="topics", model="topic").delete()
        old, _created = content_type.objects.get_or_create(app_label="public", model="topic")

        apps = migrate(latest())
        self.assertEqual(apps.get_model("topics", "Topic").objects.get().slug, "labour")
        moved = apps.get_model("contenttypes", "ContentType").objects.get(pk=old.pk)
        self.assertEqual((moved.app_label, moved.model), ("topics", "topic"))
