import re
from datetime import timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from caucus.accounts.models import User
from caucus.audit.models import AuditEntry
from caucus.organizations.models import Invitation, Membership, Role
from caucus.test import PASSWORD, BaseTestCase

LINK = re.compile(r"http://[^/]+(/invitations/[^/\s]+/)")


class InvitationTestCase(BaseTestCase):
    def invite(self, email="new.person@example.net", role=Role.EDITOR):
        self.client.force_login(self.org_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/orgs/alpha/invite/", {"email": email, "role": role})
        self.client.logout()
        return response

    def link_from_email(self) -> str:
        self.assertEqual(len(mail.outbox), 1)
        match = LINK.search(mail.outbox[0].body)
        self.assertIsNotNone(match, mail.outbox[0].body)
        return match.group(1)

    def test_it_sends_an_invitation_email_with_a_link(self):
        response = self.invite()
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        invitation = Invitation.objects.get()
        self.assertEqual(invitation.email, "new.person@example.net")
        self.assertEqual(invitation.role, Role.EDITOR)
        self.assertIsNotNone(invitation.sent_at)
        self.assertEqual(mail.outbox[0].to, ["new.person@example.net"])
        self.assertIn("Alpha Union", mail.outbox[0].subject)
        self.link_from_email()

    def test_new_person_sets_password_and_lands_on_dashboard(self):
        self.invite()
        link = self.link_from_email()
        response = self.client.get(link)
        self.assertContains(response, "Create my account and join")
        response = self.client.post(
            link, {"name": "Nadia New", "password1": PASSWORD, "password2": PASSWORD}
        )
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        user = User.objects.get(email="new.person@example.net")
        self.assertEqual(user.name, "Nadia New")
        self.assertTrue(user.check_password(PASSWORD))
        self.assertTrue(EmailAddress.objects.get(user=user).verified)
        self.assertEqual(Membership.objects.get(user=user).role, Role.EDITOR)
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)
        dashboard = self.client.get("/orgs/alpha/")
        self.assertContains(dashboard, "two-factor authentication")
        actions = list(
            AuditEntry.objects.filter(organization=self.alpha).values_list("action", flat=True)
        )
        self.assertEqual(actions, ["invitation.accepted", "invitation.created"])

    def test_it_refuses_mismatched_passwords_and_creates_nothing(self):
        self.invite()
        link = self.link_from_email()
        response = self.client.post(
            link, {"name": "Nadia", "password1": PASSWORD, "password2": PASSWORD + "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The two passwords differ", status_code=400)
        self.assertFalse(User.objects.filter(email="new.person@example.net").exists())
        self.assertIsNone(Invitation.objects.get().accepted_at)

    def test_it_refuses_a_weak_password(self):
        self.invite()
        response = self.client.post(
            self.link_from_email(),
            {"name": "Nadia", "password1": "12345678", "password2": "12345678"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(User.objects.filter(email="new.person@example.net").exists())

    def test_a_used_link_gets_a_clear_page(self):
        self.invite()
        link = self.link_from_email()
        self.client.post(link, {"name": "N", "password1": PASSWORD, "password2": PASSWORD})
        self.client.logout()
        response = self.client.get(link)
        self.assertContains(response, "already been used", status_code=410)
        self.assertEqual(Membership.objects.filter(user__email="new.person@example.net").count(), 1)

    def test_a_forged_link_gets_a_clear_page(self):
        self.invite()
        link = self.link_from_email()
        response = self.client.get(link[:-5] + "AAAA/")
        self.assertContains(response, "incomplete or was changed", status_code=404)
        response = self.client.post(
            link[:-5] + "AAAA/", {"name": "N", "password1": PASSWORD, "password2": PASSWORD}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(User.objects.filter(email="new.person@example.net").exists())

    def test_an_expired_link_gets_a_clear_page(self):
        self.invite()
        link = self.link_from_email()
        with time_machine.travel(timedelta(days=15)):
            response = self.client.get(link)
        self.assertContains(response, "expired", status_code=404)

    def test_a_revoked_invitation_no_longer_works(self):
        self.invite()
        link = self.link_from_email()
        invitation = Invitation.objects.get()
        self.client.force_login(self.org_admin)
        self.client.post(f"/orgs/alpha/invitations/{invitation.pk}/revoke/")
        self.client.logout()
        response = self.client.get(link)
        self.assertContains(response, "withdrawn", status_code=410)
        self.assertTrue(AuditEntry.objects.filter(action="invitation.revoked").exists())

    def test_an_existing_account_signs_in_then_joins(self):
        self.invite(email=self.outsider.email, role=Role.DELEGATE)
        link = self.link_from_email()
        self.assertContains(self.client.get(link), "Sign in to accept")
        self.client.force_login(self.outsider)
        self.assertContains(self.client.get(link), "Join the organization")
        response = self.client.post(link)
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        self.assertEqual(
            Membership.objects.get(user=self.outsider, organization=self.alpha).role, Role.DELEGATE
        )

    def test_another_signed_in_account_cannot_use_it(self):
        self.invite()
        link = self.link_from_email()
        self.client.force_login(self.delegate)
        response = self.client.post(link)
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Invitation.objects.get().accepted_at)

    def test_it_refuses_inviting_a_current_member(self):
        response = self.invite(email=self.delegate.email.upper())
        self.assertContains(response, "already a member", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_it_refuses_a_second_pending_invitation_to_one_address(self):
        self.invite()
        response = self.invite()
        self.assertContains(response, "still pending", status_code=400)
        self.assertEqual(Invitation.objects.count(), 1)

    def test_it_refuses_a_bad_email_and_role(self):
        self.client.force_login(self.org_admin)
        response = self.client.post(
            "/orgs/alpha/invite/", {"email": "not-an-email", "role": "owner"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("email", response.context["form"].errors)
        self.assertIn("role", response.context["form"].errors)
        self.assertFalse(Invitation.objects.exists())

    def test_the_task_sends_only_once(self):
        from caucus.organizations.tasks import send_invitation

        self.invite()
        invitation = Invitation.objects.get()
        send_invitation.call(invitation.pk)
        self.assertEqual(len(mail.outbox), 1)

    def test_the_audit_log_holds_no_email_address(self):
        self.invite()
        for entry in AuditEntry.objects.all():
            self.assertNotIn("@", str(entry.data) + entry.description())
