"""The joint action plan on the member workspace: responsible organizations update an
action's status right there, with a plain form that brings them back."""

from caucus.audit.models import AuditEntry
from caucus.decisions.models import ActionItem
from caucus.decisions.services import plan
from caucus.test import BaseTestCase

WORKSPACE = "/coalitions/united/"


class WorkspaceActionStatusTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ours = plan.action_create(
            coalition=cls.coalition,
            actor=cls.coordinator,
            text="Translate the declaration",
            responsible=[cls.gamma],
        )
        cls.theirs = plan.action_create(
            coalition=cls.coalition,
            actor=cls.coordinator,
            text="Book the hall",
            responsible=[cls.alpha],
        )

    def setUp(self):
        self.client.force_login(self.gamma_admin)
        self.url = f"/coalitions/united/actions/{self.ours.pk}/status/"

    def test_the_workspace_offers_the_form_only_for_the_persons_actions(self):
        page = self.client.get(WORKSPACE)
        self.assertContains(page, f'id="ws-status-{self.ours.pk}"')
        self.assertNotContains(page, f'id="ws-status-{self.theirs.pk}"')
        self.assertContains(page, "Book the hall")
        self.client.force_login(self.coordinator)
        page = self.client.get(WORKSPACE)
        self.assertContains(page, f'id="ws-status-{self.theirs.pk}"')

    def test_a_responsible_org_updates_the_status_and_returns_to_the_workspace(self):
        response = self.client.post(
            self.url, {"status": "in_progress", "next": f"{WORKSPACE}#action-{self.ours.pk}"}
        )
        self.assertRedirects(
            response, f"{WORKSPACE}#action-{self.ours.pk}", fetch_redirect_response=False
        )
        self.ours.refresh_from_db()
        self.assertEqual(self.ours.status, "in_progress")
        entry = AuditEntry.objects.get(action="action.status_changed")
        self.assertEqual((entry.actor, entry.data["new"]), (self.gamma_admin, "in_progress"))
        page = self.client.get(WORKSPACE)
        self.assertContains(page, "is now: In progress")

    def test_done_actions_leave_the_workspace_list(self):
        self.client.post(self.url, {"status": "done", "next": WORKSPACE})
        self.assertNotContains(self.client.get(WORKSPACE), f'id="action-{self.ours.pk}"')

    def test_a_foreign_next_falls_back_to_the_action_plan(self):
        response = self.client.post(
            self.url, {"status": "done", "next": "https://evil.example/phish"}
        )
        self.assertRedirects(response, "/coalitions/united/actions/", fetch_redirect_response=False)

    def test_a_bad_status_is_refused_and_nothing_changes(self):
        for status in ["finished", ""]:
            with self.subTest(status=status):
                response = self.client.post(self.url, {"status": status, "next": WORKSPACE})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Choose a valid status.", status_code=400)
        self.ours.refresh_from_db()
        self.assertEqual(self.ours.status, "planned")
        self.assertFalse(AuditEntry.objects.filter(action="action.status_changed").exists())

    def test_the_service_refuses_an_unknown_status(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            plan.action_set_status(action=self.ours, actor=self.gamma_admin, status="gone")
        self.assertEqual(ActionItem.objects.get(pk=self.ours.pk).status, "planned")

    def test_another_organization_cannot_update_it(self):
        self.client.force_login(self.delegate)
        response = self.client.post(self.url, {"status": "done", "next": WORKSPACE})
        self.assertEqual(response.status_code, 403)
        self.ours.refresh_from_db()
        self.assertEqual(self.ours.status, "planned")
