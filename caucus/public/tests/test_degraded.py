"""The site degrades instead of crashing: without Redis it serves and signs (limits fail open),
and without its database it answers 503 with Retry-After and a page that needs nothing from it.

Redis is "down" here as a closed port with the production backend (caucus/lib/cache.py);
caucus/lib/tests/test_cache.py kills and pauses a real private redis-server, and
test_database_outage.py stops a real private PostgreSQL under granian."""

import json
from unittest import mock

from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings

from caucus.lib.localservers import free_port
from caucus.public.unavailable import unavailable_response
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SignaturesTestCase


def redis_down():
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "caucus.lib.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        },
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    )


class RedisDownTestCase(SignaturesTestCase):
    def test_signing_still_works_and_is_stored(self):
        with redis_down():
            response = self.sign()
            self.assertEqual(response.status_code, 302)
            self.assertEqual(Signature.objects.filter(statement=self.statement).count(), 1)
            page = self.client.get(self.statement.get_absolute_url())
            self.assertEqual(page.status_code, 200)

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1)
    def test_rate_limits_fail_open(self):
        """Nothing counts without the email link, so an outage must not stop the signing."""
        with redis_down():
            self.assertEqual(self.sign(email="one@example.net").status_code, 302)
            self.assertEqual(self.sign(email="two@example.net").status_code, 302)
        self.assertEqual(self.sign(email="three@example.net").status_code, 302)
        self.assertEqual(self.sign(email="four@example.net").status_code, 429)  # counted again

    def test_signed_in_pages_read_the_session_from_the_database(self):
        with redis_down():
            self.client.force_login(self.coordinator)
            response = self.client.get("/dashboard/")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.wsgi_request.user, self.coordinator)

    def test_healthz_reports_the_cache_but_stays_healthy(self):
        with redis_down():
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["database"], "ok")
        self.assertTrue(response.json()["cache"].startswith("unavailable"))


def database_down(error=OperationalError):
    return mock.patch.object(connection, "cursor", side_effect=error("connection refused"))


class DatabaseDownTestCase(SignaturesTestCase):
    def test_pages_answer_503_with_retry_after_in_the_visitors_language(self):
        for error in (OperationalError, InterfaceError):
            with self.subTest(error=error.__name__), database_down(error):
                response = self.client.get("/", headers={"accept-language": "ar"})
            self.assertEqual(response.status_code, 503)
            self.assertEqual(response["Retry-After"], "10")
            self.assertIn("no-store", response["Cache-Control"])
            self.assertContains(response, '<html lang="ar" dir="rtl">', status_code=503)
            self.assertTemplateUsed(response, "503.html")

    def test_signing_answers_503_and_a_later_attempt_signs(self):
        with database_down():
            self.assertEqual(self.sign().status_code, 503)
        self.assertEqual(self.sign().status_code, 302)

    def test_the_page_needs_no_database(self):
        request = self.client.get("/healthz").wsgi_request
        with self.assertNumQueries(0):
            response = unavailable_response(request)
        self.assertContains(response, "caucus/site", status_code=503)

    def test_the_api_answers_503_in_its_error_shape(self):
        for path in ("/api/v1/statements", "/api/v1/me"):
            with self.subTest(path=path), database_down():
                response = self.client.get(path, headers={"authorization": "Bearer x"})
            self.assertEqual(response.status_code, 503, response.content)
            self.assertEqual(response["Retry-After"], "10")
            self.assertEqual(set(response.json()), {"detail", "errors"})
        request = self.client.get("/healthz").wsgi_request  # refused before the API's handlers
        request.path = "/api/v1/statements/"
        response = unavailable_response(request)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(set(json.loads(response.content)), {"detail", "errors"})

    def test_healthz_names_the_database(self):
        with database_down():
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unavailable: OperationalError")
        self.assertEqual(response["Retry-After"], "10")

    def test_other_errors_stay_500(self):
        with mock.patch("caucus.public.views.pages.keyset_page", side_effect=ValueError("a bug")):
            with self.assertRaises(ValueError):
                self.client.get("/")
