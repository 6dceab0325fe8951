import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import TestCase

from caucus.test import BaseTestCase

ROOT = Path(__file__).resolve().parents[3]


class SecurityHeadersTestCase(BaseTestCase):
    def test_public_pages_carry_a_strict_policy(self):
        for url in ["/", "/o/alpha/", "/c/united/", "/accounts/login/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                csp = response["Content-Security-Policy"]
                for directive in [
                    "default-src 'self'",
                    "object-src 'none'",
                    "base-uri 'none'",
                    "frame-ancestors 'none'",
                ]:
                    self.assertIn(directive, csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_pages_have_no_inline_script(self):
        self.client.force_login(self.org_admin)
        for url in ["/", "/c/united/", "/dashboard/", "/orgs/alpha/", "/orgs/alpha/edit/"]:
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                for chunk in html.split("<script")[1:]:
                    head = chunk.split(">", 1)[0]
                    self.assertTrue("src=" in head or "application/json" in head, head)
                self.assertNotIn(" onclick=", html)
                # Nothing from elsewhere: the site's own address (SITE_URL, as the ActivityPub
                # alternate names the page) is not another origin.
                own = html.replace("http://www.w3.org", "").replace("http://testserver", "")
                self.assertNotIn("http://", own.replace(settings.SITE_URL, ""))

    def test_signed_in_pages_are_never_stored(self):
        self.client.force_login(self.delegate)
        response = self.client.get("/c/united/")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        anonymous = self.client_class().get("/c/united/")
        self.assertNotIn("no-store", anonymous.get("Cache-Control", ""))

    def test_signup_is_closed(self):
        response = self.client.post(
            "/accounts/signup/",
            {"email": "walk-in@example.net", "password1": "x" * 12, "password2": "x" * 12},
        )
        self.assertFalse(
            apps.get_model("accounts.User").objects.filter(email="walk-in@example.net").exists()
        )
        self.assertContains(response, "closed", status_code=200)

    def test_passwords_are_hashed_with_argon2_in_production_settings(self):
        from caucus import settings as production

        self.assertEqual(
            production.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher"
        )


class NoIpAddressTestCase(TestCase):
    def test_no_model_stores_an_ip_address(self):
        fields = [
            f"{model._meta.label}.{field.name}"
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.GenericIPAddressField) or "ip" == field.name
        ]
        self.assertEqual(fields, [])
        self.assertFalse(apps.is_installed("allauth.usersessions"))


class DeployCheckTestCase(TestCase):
    def run_manage(self, *args, **env):
        environment = {**os.environ, "CAUCUS_VAR_DIR": str(ROOT / "var" / "deploy-check"), **env}
        environment.pop("DATABASE_URL", None)
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests
        return subprocess.run(  # noqa: S603 — our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_check_deploy_passes_with_production_settings(self):
        result = self.run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            HTTPS="true",
            SECRET_KEY="x" * 20 + "-production-only-secret-" + "y" * 30,
            ALLOWED_HOSTS="caucus.example.org",
            SITE_URL="https://caucus.example.org",
            EMAIL_BACKEND="smtp",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_check_deploy_warns_without_https(self):
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("caucus.W001", result.stdout + result.stderr)

    def test_demo_mode_is_refused_in_production(self):
        result = self.run_manage("check", HTTPS="true", CAUCUS_DEMO="true")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("caucus.E002", result.stdout + result.stderr)

    def test_a_bad_boolean_stops_start_up_with_its_name(self):
        result = self.run_manage("check", DEBUG="yes")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG='yes'", result.stderr)
