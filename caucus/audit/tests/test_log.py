"""The audit log: what an entry records (who, what, in which organization or coalition; data as
text, never an email address in clear), how it reads in the reader's language, that nobody
edits it, not even an operator, and who reads which part of it."""

from django.contrib.auth.models import AnonymousUser
from django.test import SimpleTestCase
from django.utils import translation

from caucus.audit.actions import ACTIONS, describe
from caucus.audit.models import AuditEntry
from caucus.audit.services import audit_record
from caucus.organizations.models import Role
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect


class AuditRecordTestCase(BaseTestCase):
    def test_it_records_who_what_and_where_with_the_data_as_text(self):
        entry = audit_record(
            actor=self.org_admin,
            action="member.role_changed",
            organization=self.alpha,
            user=self.delegate,
            old_role=Role.DELEGATE,
            new_role=Role.EDITOR,
        )
        entry.refresh_from_db()
        self.assertEqual(entry.actor, self.org_admin)
        self.assertEqual(entry.actor_name, "Alice Admin")
        self.assertEqual((entry.organization, entry.coalition), (self.alpha, None))
        self.assertEqual(
            entry.data, {"user": "Dave Delegate", "old_role": "delegate", "new_role": "editor"}
        )
        self.assertEqual(
            entry.description(), "Changed the role of Dave Delegate from Delegate to Editor"
        )

    def test_the_name_stays_when_the_account_is_deleted(self):
        entry = audit_record(actor=self.delegate, action="motion.updated", motion=3)
        self.delegate.delete()
        entry.refresh_from_db()
        self.assertIsNone(entry.actor)
        self.assertEqual(entry.actor_name, "Dave Delegate")

    def test_nobody_signed_in_is_recorded_as_nobody(self):
        for actor in (None, AnonymousUser()):
            with self.subTest(actor=actor):
                entry = audit_record(actor=actor, action="event.reviewed", event="X", decision="y")
                self.assertEqual((entry.actor, entry.actor_name), (None, ""))

    def test_an_unknown_action_is_refused_and_nothing_is_written(self):
        with self.assertRaisesMessage(ValueError, "add it to caucus/audit/actions.py"):
            audit_record(actor=self.coordinator, action="coalition.renamed", name="X")
        self.assertFalse(AuditEntry.objects.exists())


class DescribeTestCase(SimpleTestCase):
    def test_every_action_reads_as_a_sentence_even_without_its_data(self):
        for action in ACTIONS:
            with self.subTest(action=action):
                text = describe(action, {})
                self.assertNotIn("%(", text)
                self.assertNotEqual(text, action)

    def test_a_missing_value_shows_as_a_question_mark(self):
        self.assertEqual(describe("invitation.revoked", {}), "Revoked invitation #?")
        self.assertEqual(
            describe("invitation.revoked", {"invitation": "7"}), "Revoked invitation #7"
        )

    def test_an_unknown_action_reads_as_its_code(self):
        # An entry written by a version that knew an action this one no longer does.
        self.assertEqual(describe("poll.opened", {"poll": "1"}), "poll.opened")

    def test_codes_read_in_the_readers_language(self):
        data = {"user": "Dave", "old_role": "delegate", "new_role": "admin"}
        for language in ("en", "es", "tr", "ar"):
            with self.subTest(language=language), translation.override(language):
                text = describe("member.role_changed", data)
                self.assertIn(str(Role.DELEGATE.label), text)
                self.assertIn(str(Role.ADMIN.label), text)
                self.assertIn("Dave", text)
        with translation.override("es"):
            self.assertNotIn("Delegate", describe("member.role_changed", data))


class WhoReadsTheLogTestCase(PermissionMatrix, BaseTestCase):
    """An organization's log is for its admins, a coalition's for its coordinators, the whole
    of it for operators in the admin site, where nobody can add, change or delete an entry."""

    watched = ["audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alphas = audit_record(
            actor=cls.org_admin, action="body.created", organization=cls.alpha, body="Congress"
        )
        cls.gammas = audit_record(
            actor=cls.gamma_admin, action="body.created", organization=cls.gamma, body="Council"
        )
        cls.coalitions = audit_record(
            actor=cls.coordinator, action="platform.updated", coalition=cls.coalition, version=2
        )

    def shows(self, *entries):
        """A check for `then`: the page lists exactly these of the three entries."""

        def then(role, response):
            if response.status_code != 200:
                return
            for entry in (self.alphas, self.gammas, self.coalitions):
                shown = entry.description_html() in response.content.decode()
                self.assertEqual(shown, entry in entries, f"{role}: {entry.description()}")

        return then

    def test_an_organizations_log_is_for_its_admins(self):
        alpha_admin = expect(403, anonymous=LOGIN, org_admin=OK)
        self.check("get", "/orgs/alpha/audit/", alpha_admin, then=self.shows(self.alphas))
        gamma_admin = expect(403, anonymous=LOGIN, gamma_admin=OK)
        self.check("get", "/orgs/gamma/audit/", gamma_admin, then=self.shows(self.gammas))

    def test_a_coalitions_log_is_for_its_coordinators(self):
        coordinators = expect(403, anonymous=LOGIN, coordinator=OK)
        url = "/coalitions/united/audit/"
        self.check("get", url, coordinators, then=self.shows(self.coalitions))

    def test_the_whole_log_is_for_operators_in_the_admin_site(self):
        # Anyone else is sent to the admin's sign-in, which routes or refuses them.
        operators = expect(302, operator=OK)

        def lists_every_entry(role, response):
            if role != "operator":
                return
            for entry in (self.alphas, self.gammas, self.coalitions):
                self.assertContains(response, f"/admin/audit/auditentry/{entry.pk}/change/")

        self.check("get", "/admin/audit/auditentry/", operators, then=lists_every_entry)

    def test_nobody_adds_changes_or_deletes_an_entry(self):
        nobody = expect(302, operator=403)
        entry = f"/admin/audit/auditentry/{self.alphas.pk}/"
        self.check("get", "/admin/audit/auditentry/add/", nobody)
        self.check("post", "/admin/audit/auditentry/add/", nobody, {"action": "body.created"})
        self.check("post", entry + "change/", nobody, {"action": "body.created", "data": "{}"})
        self.check("get", entry + "delete/", nobody)
        self.check("post", entry + "delete/", nobody, {"post": "yes"})
        # The list offers no bulk deletion: asking for one shows the list again, unchanged.
        bulk = {"action": "delete_selected", "_selected_action": [self.alphas.pk], "post": "yes"}
        self.check("post", "/admin/audit/auditentry/", expect(302, operator=200), bulk)


class WhatTheLogRecordsTestCase(BaseTestCase):
    """Requests through the web write the entry their service promises, in the right scope."""

    def test_an_invitation_is_recorded_by_its_number_never_the_address(self):
        self.client.force_login(self.org_admin)
        data = {"email": "x@example.net", "role": "delegate"}
        self.client.post("/orgs/alpha/invite/", data, follow=True)  # its message says to whom
        entry = AuditEntry.objects.get(action="invitation.created")
        self.assertEqual(
            (entry.actor, entry.organization, entry.coalition), (self.org_admin, self.alpha, None)
        )
        self.assertEqual(entry.data["role"], "delegate")
        self.assertNotIn("x@example.net", str(entry.data) + entry.actor_name + entry.description())
        page = self.client.get("/orgs/alpha/audit/")
        self.assertContains(page, entry.description())
        self.assertNotContains(page, "x@example.net")

    def test_a_coalitions_change_is_in_its_log_not_in_its_members(self):
        self.client.force_login(self.coordinator)
        self.client.post("/coalitions/united/platform/", {"points": "One\n\nTwo"})
        entry = AuditEntry.objects.get(action="platform.updated")
        self.assertEqual((entry.coalition, entry.organization), (self.coalition, None))
        self.assertEqual(entry.actor_name, "Cora Coordinator")
        self.assertContains(self.client.get("/coalitions/united/audit/"), entry.description())
        self.client.force_login(self.org_admin)
        self.assertNotContains(self.client.get("/orgs/alpha/audit/"), entry.description())

    def test_a_refused_request_writes_nothing(self):
        self.client.force_login(self.delegate)
        response = self.client.post("/coalitions/united/platform/", {"points": "Mine"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(AuditEntry.objects.exists())
