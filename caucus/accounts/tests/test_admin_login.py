"""The admin site signs in through allauth with the second factor (security review, finding 1)."""

import time
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import TransactionTestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.accounts.models import User
from caucus.test import PASSWORD, TOTP_SECRET, BaseTestCase, Client, make_user

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/django_tasks_database/dbtaskresult/",
    "/admin/mfa/authenticator/",
]


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current code; waits out the last second of a period so it cannot expire in transit."""
    if 30 - time.time() % 30 < 1:
        time.sleep(1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class AdminLoginTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()  # allauth's rate limits and used TOTP codes live in the cache

    def assertNoAdmin(self, client) -> None:
        for url in ADMIN_PAGES:
            response = client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith("/admin/login/"), url)

    def test_the_admin_login_form_takes_no_password(self):
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {"username": self.operator.email, "password": PASSWORD},
        )
        self.assertRedirects(
            response, "/accounts/login/?next=%2Fadmin%2F", fetch_redirect_response=False
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertNoAdmin(self.client)

    def test_anonymous_visitors_are_sent_to_the_sign_in_with_next(self):
        response = self.client.get("/admin/accounts/user/", follow=True)
        self.assertEqual(
            response.redirect_chain,
            [
                ("/admin/login/?next=/admin/accounts/user/", 302),
                ("/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F", 302),
            ],
        )

    def test_the_login_route_never_redirects_off_site(self):
        self.client.force_login(self.operator)
        response = self.client.get("/admin/login/?next=https://evil.example/")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def test_a_password_only_session_reaches_no_admin_page(self):
        self.client.force_login(self.operator, second_factor=False)
        self.assertNoAdmin(self.client)
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response,
            "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F",
            fetch_redirect_response=False,
        )

    def test_the_second_factor_given_again_opens_the_admin(self):
        self.client.force_login(self.operator, second_factor=False)
        response = self.client.post(
            "/accounts/2fa/reauthenticate/?next=/admin/", {"code": totp_code()}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self):
        staff = make_user("staff@example.org", "Sam Staff", mfa=False, is_staff=True)
        self.client.force_login(staff)
        self.assertNoAdmin(self.client)
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response, "/accounts/2fa/totp/activate/?next=%2Fadmin%2F", fetch_redirect_response=False
        )

    def test_members_who_are_not_staff_are_refused(self):
        self.client.force_login(self.coordinator)
        self.assertNoAdmin(self.client)
        self.assertEqual(self.client.get("/admin/login/?next=/admin/").status_code, 403)

    def test_the_operator_signs_in_with_password_and_code(self):
        response = self.client.post(
            "/accounts/login/?next=/admin/", {"login": self.operator.email, "password": PASSWORD}
        )
        self.assertRedirects(response, "/accounts/2fa/authenticate/", fetch_redirect_response=False)
        self.assertNoAdmin(self.client)  # the password alone opened nothing
        response = self.client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        for url in ADMIN_PAGES:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_wrong_passwords_lock_the_account_before_the_right_one(self):
        for _ in range(15):
            self.client.post(
                "/accounts/login/", {"login": self.operator.email, "password": "wrong password"}
            )
        response = self.client.post(
            "/accounts/login/?next=/admin/", {"login": self.operator.email, "password": PASSWORD}
        )
        self.assertContains(response, "Too many failed login attempts")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertNoAdmin(self.client)


class AdminLoginNextTestCase(HypothesisTestCase):
    """Whatever `next` says, the login route redirects on this site and never fails."""

    client_class = Client

    @classmethod
    def setUpTestData(cls):
        cls.operator = make_user("operator@example.org", "Olga", is_staff=True, is_superuser=True)

    @given(next_url=st.text(max_size=200))
    @settings(max_examples=25, deadline=None)
    def test_it_only_redirects_on_this_site(self, next_url):
        for second_factor in (True, False):
            self.client.force_login(self.operator, second_factor=second_factor)
            response = self.client.get("/admin/login/", {"next": next_url})
            self.assertEqual(response.status_code, 302)
            target = urlsplit(response["Location"])
            self.assertEqual((target.scheme, target.netloc), ("", ""))
            if second_factor:
                self.assertFalse(response["Location"].startswith("//"))


class SecondFactorSetupTestCase(TransactionTestCase):
    """Setting up an authenticator in a session proves it there: no second sign-in needed.

    allauth announces the new authenticator after the commit, so no test transaction here.
    """

    client_class = Client

    def setUp(self):
        self.nomfa = make_user("nomfa@example.org", "Nora Nomfa", mfa=False)

    def test_a_new_authenticator_counts_for_this_session(self):
        self.client.force_login(self.nomfa)
        self.assertEqual(self.client.post("/api/tokens/", {"name": "x"}).status_code, 403)
        self.client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks
        self.client.get("/accounts/2fa/totp/activate/")
        secret = self.client.session["mfa.totp.secret"]
        response = self.client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.post("/api/tokens/", {"name": "x"}).status_code, 200)
        self.assertTrue(User.objects.get(pk=self.nomfa.pk).api_tokens.exists())
