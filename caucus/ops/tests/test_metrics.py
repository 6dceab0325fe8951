"""/metrics: who may read it, that Prometheus can parse it, and that the figures move."""

import datetime
import smtplib
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.mmap_dict import MmapedDict, mmap_key

from caucus.ops import metrics
from caucus.ops.models import Counter
from caucus.ops.tests.helpers import TOKEN, families, value
from caucus.signatures.tests.helpers import SignaturesTestCase

AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
COUNTING_LOCMEM = {
    "default": {
        "BACKEND": "caucus.ops.mail.CountingBackend",
        "OPTIONS": {"wrapped": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
    }
}
COUNTING_BROKEN = {
    "default": {
        "BACKEND": "caucus.ops.mail.CountingBackend",
        "OPTIONS": {"wrapped": {"BACKEND": "caucus.ops.tests.test_metrics.RefusingBackend"}},
    }
}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


@override_settings(METRICS_TOKEN=TOKEN, METRICS_ALLOWED_NETWORKS=[])
class MetricsAccessTestCase(TestCase):
    def test_it_answers_the_token(self):
        response = self.client.get("/metrics", **AUTH)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain; version="))
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_it_hides_itself_from_a_wrong_or_missing_token(self):
        for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}):
            self.assertEqual(self.client.get("/metrics", **headers).status_code, 404)

    def test_it_hides_even_its_methods_from_strangers(self):
        self.assertEqual(self.client.post("/metrics").status_code, 404)
        self.assertEqual(self.client.post("/metrics", **AUTH).status_code, 405)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_a_scraper_behind_the_balancer_is_not_redirected_to_https(self):
        self.assertEqual(self.client.get("/metrics", **AUTH).status_code, 200)
        self.assertEqual(self.client.get("/healthz").status_code, 301)  # the rest is

    @override_settings(METRICS_TOKEN="")
    def test_an_empty_token_opens_nothing(self):
        self.assertEqual(self.client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code, 404)

    @override_settings(METRICS_ALLOWED_NETWORKS=["127.0.0.0/8"])
    def test_it_answers_an_allowed_network_without_a_token(self):
        self.assertEqual(self.client.get("/metrics").status_code, 200)

    @override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8", "fd00::/8"])
    def test_it_hides_itself_from_other_networks(self):
        self.assertEqual(self.client.get("/metrics").status_code, 404)

    @override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"])
    def test_a_forwarded_address_counts_only_through_a_trusted_proxy(self):
        forwarded = {"HTTP_X_FORWARDED_FOR": "10.1.2.3"}
        self.assertEqual(self.client.get("/metrics", **forwarded).status_code, 404)
        with self.settings(TRUSTED_PROXIES=["127.0.0.1"]):
            self.assertEqual(self.client.get("/metrics", **forwarded).status_code, 200)


@override_settings(METRICS_TOKEN=TOKEN)
class MetricsContentTestCase(SignaturesTestCase):
    def scrape(self) -> str:
        response = self.client.get("/metrics", **AUTH)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_prometheus_parses_every_metric(self):
        found = families(self.scrape())
        for name in (
            "caucus_http_requests",
            "caucus_signatures",
            "caucus_tasks_waiting",
            "caucus_tasks_oldest_waiting_seconds",
            "caucus_tasks_running",
            "caucus_emails_sent",
            "caucus_emails_failed",
            "caucus_metrics_database_up",
        ):
            self.assertIn(name, found)
        self.assertEqual(found["caucus_signatures"].type, "counter")
        self.assertEqual(found["caucus_tasks_waiting"].type, "gauge")

    def test_requests_count_by_view_name_and_status_class(self):
        sign_page = {"view": "signatures:sign", "status": "2xx"}
        missing = {"view": "unresolved", "status": "4xx"}
        before = self.scrape()
        self.client.get(f"/s/{self.statement.slug}/sign/")
        self.client.get("/no-such-page/at/all")
        after = self.scrape()
        for labels in (sign_page, missing):
            delta = value(after, "caucus_http_requests_total", **labels) - value(
                before, "caucus_http_requests_total", **labels
            )
            self.assertEqual(delta, 1, labels)

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1, SIGNATURE_RATE_WINDOW=60)
    def test_signing_counts_accepted_and_throttled(self):
        before = self.scrape()
        self.assertEqual(self.sign(email="first@example.net").status_code, 302)
        self.assertEqual(self.sign(email="second@example.net").status_code, 429)
        after = self.scrape()
        for outcome in ("accepted", "throttled"):
            name, labels = "caucus_signatures_total", {"outcome": outcome}
            self.assertEqual(value(after, name, **labels) - value(before, name, **labels), 1)

    def test_the_queue_shows_due_tasks_and_the_oldest_wait(self):
        now = timezone.now()

        def task(**fields):
            row = DBTaskResult.objects.create(
                args_kwargs={"args": [], "kwargs": {}},
                task_path="caucus.accounts.tasks.send_email",
                backend_name="default",
                run_after=fields.pop("run_after", get_date_max()),
                **fields,
            )
            DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=fields_enqueued.pop(0))

        fields_enqueued = [now - datetime.timedelta(seconds=s) for s in (90, 5, 3600, 30)]
        task()  # waiting for 90 s
        task(queue_name="mail")  # waiting for 5 s in another queue
        task(run_after=now + datetime.timedelta(hours=1))  # scheduled later: not waiting yet
        task(status="RUNNING")
        text = self.scrape()
        self.assertEqual(value(text, "caucus_tasks_waiting", queue="default"), 1)
        self.assertEqual(value(text, "caucus_tasks_waiting", queue="mail"), 1)
        self.assertEqual(value(text, "caucus_tasks_running"), 1)
        oldest = value(text, "caucus_tasks_oldest_waiting_seconds", queue="default")
        self.assertTrue(89 <= oldest < 150, oldest)

    def test_an_empty_queue_reads_zero(self):
        text = self.scrape()
        self.assertEqual(value(text, "caucus_tasks_waiting", queue="default"), 0)
        self.assertEqual(value(text, "caucus_tasks_oldest_waiting_seconds", queue="default"), 0)

    @override_settings(MAILERS=COUNTING_LOCMEM)
    def test_emails_sent_are_counted_whoever_sends_them(self):
        before = value(self.scrape(), "caucus_emails_sent_total")
        self.sign()  # the confirmation goes out through the signatures app's own batch
        EmailMessage("Hello", "Body", to=["x@example.net"]).send()
        self.assertEqual(value(self.scrape(), "caucus_emails_sent_total") - before, 2)

    @override_settings(MAILERS=COUNTING_BROKEN)
    def test_emails_the_server_refuses_are_counted_as_failed(self):
        before = self.scrape()
        messages = [EmailMessage("Hi", "Body", to=[f"{n}@example.net"]) for n in range(3)]
        with self.assertRaises(smtplib.SMTPException):
            mailers.default.send_messages(messages)
        after = self.scrape()
        for name, grew in (("caucus_emails_failed_total", 3), ("caucus_emails_sent_total", 0)):
            self.assertEqual(value(after, name) - value(before, name), grew, name)


class CountingNeverFailsTestCase(TestCase):
    def test_a_request_is_answered_when_counting_fails(self):
        broken = mock.patch.object(metrics.REQUESTS, "labels", side_effect=OSError("gone"))
        with broken, self.assertLogs("caucus.lib.counters", "WARNING"):
            self.assertEqual(self.client.get("/healthz").status_code, 200)

    @override_settings(MAILERS=COUNTING_LOCMEM)
    def test_an_email_is_sent_once_when_counting_fails(self):
        broken = mock.patch.object(Counter, "add", side_effect=DatabaseError("down"))
        with broken, self.assertLogs("caucus.ops.mail", "WARNING"):
            sent = EmailMessage("Hi", "Body", to=["x@example.net"]).send()
        self.assertEqual(sent, 1)
        self.assertEqual(len(mail.outbox), 1)


COUNT_ONE_SIGNATURE = """
import django; django.setup()
from caucus.ops import metrics
assert metrics.MULTIPROCESS
metrics.signature_accepted()
"""
SCRAPE = """
import django, sys; django.setup()
from caucus.ops import metrics
sys.stdout.write(metrics.exposition()[0].decode())
"""


class MultiprocessTestCase(TestCase):
    def test_counts_from_several_worker_processes_add_up(self):
        with tempfile.TemporaryDirectory() as metrics_dir, tempfile.TemporaryDirectory() as var:
            env = {
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "caucus.settings",
                "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
                "CAUCUS_VAR_DIR": var,  # a database of its own, never migrated
            }
            cwd = Path(settings.BASE_DIR)
            for _ in range(2):
                subprocess.run(  # noqa: S603
                    [sys.executable, "-c", COUNT_ONE_SIGNATURE], env=env, cwd=cwd, check=True
                )
            text = subprocess.run(  # noqa: S603
                [sys.executable, "-c", SCRAPE],
                env=env,
                cwd=cwd,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        self.assertEqual(value(text, "caucus_signatures_total", outcome="accepted"), 2)
        # That database has no tables: the scrape still answers, and says so.
        self.assertEqual(value(text, "caucus_metrics_database_up"), 0)

    @override_settings(METRICS_TOKEN=TOKEN)
    def test_the_view_adds_up_the_files_of_every_worker_process(self):
        """Two granian workers' files, as prometheus-client writes them: one scrape of the
        server (which reaches one worker) shows their sum."""
        counted = {1001: {"accepted": 2, "throttled": 1}, 1002: {"accepted": 3}}
        with tempfile.TemporaryDirectory() as metrics_dir:
            for pid, outcomes in counted.items():
                worker_file = MmapedDict(str(Path(metrics_dir) / f"counter_{pid}.db"))
                for outcome, count in outcomes.items():
                    key = mmap_key(
                        "caucus_signatures",
                        "caucus_signatures_total",
                        ["outcome"],
                        [outcome],
                        "Public signing requests by outcome.",
                    )
                    worker_file.write_value(key, count, 0.0)
                worker_file.close()
            with (
                mock.patch.dict("os.environ", {"PROMETHEUS_MULTIPROC_DIR": metrics_dir}),
                mock.patch.object(metrics, "MULTIPROCESS", True),
            ):
                response = self.client.get("/metrics", **AUTH)
        text = response.content.decode()
        self.assertEqual(value(text, "caucus_signatures_total", outcome="accepted"), 5)
        self.assertEqual(value(text, "caucus_signatures_total", outcome="throttled"), 1)
        self.assertEqual(value(text, "caucus_metrics_database_up"), 1)
