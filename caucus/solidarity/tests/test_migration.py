"""Migration 0003 moves the secret to CaseRecord and drops case names from the audit log."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("solidarity", "0002_cancelled_hearings"), ("audit", "0001_initial")]
AFTER = [("solidarity", "0003_case_record_apart")]


class CaseRecordMigrationTestCase(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(executor_leaf_nodes())

    def test_records_move_apart_and_logged_names_go(self):
        apps = self.migrate(BEFORE)
        Coalition = apps.get_model("coalitions", "Coalition")
        Case = apps.get_model("solidarity", "Case")
        AuditEntry = apps.get_model("audit", "AuditEntry")
        coalition = Coalition.objects.create(slug="c", name="C")
        case = Case.objects.create(
            coalition=coalition,
            slug="fk",
            display_name="F.K.",
            full_name="Fatma Kaya",
            city="Bursa",
            country="TR",
            protected=True,
        )
        opened = AuditEntry.objects.create(
            action="case.created", coalition=coalition, data={"case": "Fatma Kaya"}
        )
        unknown = AuditEntry.objects.create(
            action="case.updated", coalition=coalition, data={"case": "Someone", "fields": "x"}
        )
        apps = self.migrate(AFTER)
        record = apps.get_model("solidarity", "CaseRecord").objects.get(case_id=case.pk)
        self.assertEqual((record.full_name, record.city), ("Fatma Kaya", "Bursa"))
        AuditEntry = apps.get_model("audit", "AuditEntry")
        self.assertEqual(AuditEntry.objects.get(pk=opened.pk).data, {"case_id": str(case.pk)})
        self.assertEqual(AuditEntry.objects.get(pk=unknown.pk).data, {"fields": "x"})


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
