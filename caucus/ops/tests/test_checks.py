"""System checks: keys generated per machine on PostgreSQL, the /metrics allowlist, and case
photos in a bucket of their own on S3."""

import io
import os
from unittest import mock

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, TestCase, override_settings

from caucus.ops.checks import check_keys_in_var, check_metrics_networks, check_private_bucket

POSTGRES = "postgres://caucus@db.internal:5432/caucus"
ALL_SET = {
    "SECRET_KEY": "s" * 60,
    "FIELD_KEYS": "k1:" + "A" * 43 + "=",
    "BLIND_INDEX_KEY": "B" * 43 + "=",
}


class KeysInVarTestCase(SimpleTestCase):
    """The suite's own keys come from var/ (nothing in its environment sets them)."""

    def ledger_key(self, value: str):
        return mock.patch.dict(os.environ, {"LEDGER_SIGNING_KEY": value})

    @override_settings(DATABASE_URL=POSTGRES)
    def test_it_warns_on_postgresql_and_names_every_generated_key(self):
        with self.ledger_key(""):
            (warning,) = check_keys_in_var(None)
        self.assertEqual(warning.id, "caucus.W020")
        for name in ("SECRET_KEY", "FIELD_KEYS", "BLIND_INDEX_KEY", "LEDGER_SIGNING_KEY"):
            self.assertIn(name, warning.hint)

    @override_settings(DATABASE_URL=POSTGRES, **ALL_SET)
    def test_it_names_only_the_keys_still_generated(self):
        with self.ledger_key(""):
            (warning,) = check_keys_in_var(None)
        self.assertIn("LEDGER_SIGNING_KEY", warning.hint)
        self.assertNotIn("FIELD_KEYS", warning.hint)
        self.assertNotIn("SECRET_KEY", warning.hint)

    @override_settings(DATABASE_URL=POSTGRES, **ALL_SET)
    def test_it_is_quiet_when_the_environment_sets_every_key(self):
        with self.ledger_key("ab" * 32):
            self.assertEqual(check_keys_in_var(None), [])

    @override_settings(DATABASE_URL="")
    def test_it_is_quiet_on_sqlite_where_there_is_one_machine(self):
        with self.ledger_key(""):
            self.assertEqual(check_keys_in_var(None), [])


class ManageCheckTestCase(TestCase):
    @override_settings(DATABASE_URL=POSTGRES)
    def test_manage_check_shows_the_key_warning(self):
        out = io.StringIO()
        with mock.patch.dict(os.environ, {"LEDGER_SIGNING_KEY": ""}):
            call_command("check", stdout=out, stderr=out)
        self.assertIn("caucus.W020", out.getvalue())

    @override_settings(METRICS_ALLOWED_NETWORKS=["not-a-network"])
    def test_a_bad_metrics_network_stops_the_server_from_starting(self):
        with self.assertRaisesMessage(SystemCheckError, "caucus.E020"):
            call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


class MetricsNetworksTestCase(SimpleTestCase):
    @override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8", "::1", "not-a-network"])
    def test_it_refuses_what_is_not_a_network(self):
        (error,) = check_metrics_networks(None)
        self.assertEqual(error.id, "caucus.E020")
        self.assertIn("not-a-network", error.msg)


class PrivateBucketTestCase(SimpleTestCase):
    @override_settings(S3_BUCKET="caucus-public", S3_PRIVATE_BUCKET="")
    def test_s3_without_a_private_bucket_is_an_error(self):
        (error,) = check_private_bucket(None)
        self.assertEqual(error.id, "caucus.E040")
        self.assertIn("S3_PRIVATE_BUCKET", error.hint)

    @override_settings(S3_BUCKET="caucus-public", S3_PRIVATE_BUCKET="caucus-public")
    def test_the_public_bucket_named_as_the_private_one_is_a_warning(self):
        (warning,) = check_private_bucket(None)
        self.assertEqual(warning.id, "caucus.W041")
        self.assertIn("logos/, headers/ and events/ only", warning.hint)

    @override_settings(S3_BUCKET="caucus-public", S3_PRIVATE_BUCKET="caucus-private")
    def test_two_buckets_are_quiet(self):
        self.assertEqual(check_private_bucket(None), [])

    @override_settings(S3_BUCKET="", S3_PRIVATE_BUCKET="")
    def test_local_storage_is_quiet(self):
        self.assertEqual(check_private_bucket(None), [])
