"""Audit entries about cases show the case's current public name, never one it had before."""

from caucus.audit.actions import describe
from caucus.audit.services import audit_record
from caucus.solidarity.models import Case
from caucus.solidarity.tests.base import CaseTestCase


class CaseEntriesTestCase(CaseTestCase):
    def test_an_entry_keeps_the_id_and_shows_the_current_name(self):
        entry = audit_record(
            actor=self.coordinator, action="case.created", case_id=self.open_case.pk
        )
        Case.objects.filter(pk=self.open_case.pk).update(display_name="M.D.", protected=True)
        self.assertEqual(entry.description(), "Opened the solidarity case M.D.")
        self.assertEqual(entry.data, {"case_id": str(self.open_case.pk)})

    def test_a_name_that_names_the_protected_person_is_not_shown(self):
        Case.objects.filter(pk=self.protected.pk).update(display_name="Ayşe Y.")
        text = describe("case.updated", {"case_id": str(self.protected.pk), "fields": "status"})
        self.assertEqual(text, "Edited the solidarity case A protected person (status)")

    def test_a_deleted_case_is_named_as_such(self):
        text = describe("case.link_added", {"case_id": "999999", "kind": "Appeal"})
        self.assertEqual(text, "Linked a Appeal to the case (deleted)")
