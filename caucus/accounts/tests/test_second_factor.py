"""The second-factor gate (accounts/mfa.py, middleware.py) and the dashboard behind it.

Owning an authenticator is not enough: the session must have used it. A person signed in with
the password alone, or with no authenticator at all, reads their dashboard and what their
organizations let them read, but every action is refused with a page saying which step is
missing, and the refusal changes nothing.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from caucus.accounts.mfa import has_mfa, needs_confirmation, owns_second_factor
from caucus.organizations.models import Invitation
from caucus.test import LOGIN, OK, BaseTestCase, Client, PermissionMatrix, expect

CONFIRM = "Confirm with your second factor"
SET_UP = "Set up an authenticator app"


class SecondFactorTestCase(BaseTestCase):
    def request_as(self, user, *, second_factor: bool):
        """A request through the middleware, as after a sign-in with or without the factor."""
        client = Client()
        client.force_login(user, second_factor=second_factor)
        return client.get("/dashboard/").wsgi_request

    def test_a_session_that_used_the_second_factor_passes(self):
        user = self.request_as(self.delegate, second_factor=True).user
        self.assertTrue(has_mfa(user))
        self.assertFalse(needs_confirmation(user))

    def test_owning_an_authenticator_is_not_enough_without_using_it(self):
        user = self.request_as(self.delegate, second_factor=False).user
        self.assertTrue(owns_second_factor(user))
        self.assertFalse(has_mfa(user))
        self.assertTrue(needs_confirmation(user))  # asked to give it, not to set one up

    def test_without_an_authenticator_the_person_is_asked_to_set_one_up(self):
        user = self.request_as(self.nomfa, second_factor=True).user
        self.assertFalse(owns_second_factor(user))
        self.assertFalse(has_mfa(user))
        self.assertFalse(needs_confirmation(user))

    def test_recovery_codes_alone_are_not_a_second_factor(self):
        Authenticator.objects.create(
            user=self.nomfa, type=Authenticator.Type.RECOVERY_CODES, data={}
        )
        self.assertFalse(owns_second_factor(self.nomfa))

    def test_a_user_object_that_did_not_come_through_the_middleware_is_refused(self):
        self.assertFalse(has_mfa(self.delegate))  # from the database: nothing says how

    def test_anonymous_visitors_have_no_second_factor(self):
        self.assertFalse(has_mfa(AnonymousUser()))
        self.assertFalse(needs_confirmation(AnonymousUser()))


class PasswordOnlySessionsTestCase(PermissionMatrix, BaseTestCase):
    """The same matrix as everywhere, with every session opened by the password alone."""

    watched = [
        "organizations.Organization",
        "organizations.Invitation",
        "organizations.Membership",
        "coalitions.PlatformVersion",
        "audit.AuditEntry",
    ]

    def client_for(self, role: str):
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(self, role), second_factor=False)
        return client

    def asks_for_the_factor(self, *allowed: str):
        """A check for `then`: those the action is for are told which step is missing (to
        give the factor they own, or to set one up); the others get the plain refusal."""

        def then(role, response):
            if role in allowed:
                self.assertTemplateUsed(response, "403_mfa.html")
                prompt = SET_UP if role == "nomfa" else CONFIRM
                self.assertContains(response, prompt, status_code=403)
            elif role != "anonymous":
                self.assertTemplateNotUsed(response, "403_mfa.html")

        return then

    def test_no_action_passes_without_the_second_factor(self):
        refused = expect(403, anonymous=LOGIN)
        data = {"name": "Alpha Renamed", "slug": "alpha", "country": "TR", "languages": ["tr"]}
        alphas = self.asks_for_the_factor("nomfa", "delegate", "editor", "org_admin", "coordinator")
        self.check("post", "/orgs/alpha/edit/", refused, data, then=alphas)
        invite = {"email": "x@example.net", "role": "delegate"}
        admin = self.asks_for_the_factor("org_admin")
        self.check("post", "/orgs/alpha/invite/", refused, invite, then=admin)
        coordinator = self.asks_for_the_factor("coordinator")
        self.check(
            "post", "/coalitions/united/platform/", refused, {"points": "One"}, then=coordinator
        )

    def test_the_dashboard_is_read_without_it(self):
        everyone = expect(OK, anonymous=LOGIN)
        self.check("get", "/dashboard/", everyone)

    def test_the_dashboard_says_which_step_is_missing(self):
        for role, prompt in (("delegate", CONFIRM), ("nomfa", SET_UP)):
            with self.subTest(role=role):
                response = self.client_for(role).get("/dashboard/")
                self.assertContains(response, prompt)
        self.client.force_login(self.delegate)  # with the factor: no prompt
        response = self.client.get("/dashboard/")
        self.assertNotContains(response, CONFIRM)
        self.assertNotContains(response, SET_UP)


class DashboardTestCase(BaseTestCase):
    """The dashboard is where a sign-in lands; it is private to the person."""

    def test_it_is_where_a_sign_in_lands(self):
        self.assertEqual(reverse(settings.LOGIN_REDIRECT_URL), "/dashboard/")

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get("/dashboard/")
        self.assertRedirects(
            response, "/accounts/login/?next=/dashboard/", fetch_redirect_response=False
        )

    def test_it_lists_the_persons_organizations_and_coalitions_only(self):
        self.client.force_login(self.gamma_admin)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Gamma Union")
        self.assertContains(response, "United Coalition")
        self.assertNotContains(response, "Alpha Union")
        self.client.force_login(self.outsider)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Beta Union")
        self.assertNotContains(response, "United Coalition")

    def test_an_invited_person_without_a_second_factor_lands_on_it_and_sees_the_invitation(self):
        Invitation.objects.create(
            organization=self.beta,
            email=self.nomfa.email,
            role="editor",
            invited_by=self.outsider,
        )
        self.client.force_login(self.nomfa)
        response = self.client.get("/dashboard/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Beta Union")

    def test_a_signed_in_page_is_never_stored(self):
        self.client.force_login(self.delegate)
        cache_control = self.client.get("/dashboard/")["Cache-Control"]
        for directive in ("private", "no-store", "no-cache", "max-age=0"):
            self.assertIn(directive, cache_control)
        self.client.logout()
        self.assertNotIn("private", self.client.get("/").get("Cache-Control", ""))

    def test_the_navigation_knows_the_persons_organizations(self):
        self.client.force_login(self.editor)
        response = self.client.get("/dashboard/")
        self.assertEqual([m.organization for m in response.context["my_memberships"]], [self.alpha])
        self.client.logout()
        self.assertNotIn("my_memberships", self.client.get("/").context or {})


class SignUpTestCase(BaseTestCase):
    def test_there_is_no_open_sign_up(self):
        data = {"email": "new@example.net", "password1": "a long pass phrase", "password2": ""}
        self.client.post("/accounts/signup/", {**data, "password2": data["password1"]})
        self.assertFalse(type(self.delegate).objects.filter(email="new@example.net").exists())
        self.assertContains(self.client.get("/accounts/signup/"), "closed", status_code=200)
