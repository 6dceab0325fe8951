"""The benchmarks' unauthenticated insert lives in bench/, is routed only with CAUCUS_BENCH and
never with HTTPS, and manage.py refuses CAUCUS_BENCH together with HTTPS (caucus.E005)."""

import importlib.util
from types import ModuleType

from django.test import SimpleTestCase, TestCase, override_settings

import caucus.urls
from caucus.accounts.checks import check_bench_off_in_production


def urlconf_under_current_settings() -> ModuleType:
    """caucus/urls.py executed afresh, as a server starting with these settings loads it."""
    spec = importlib.util.spec_from_file_location("caucus_urls_fresh", caucus.urls.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BenchCheckTestCase(SimpleTestCase):
    @override_settings(CAUCUS_BENCH=True, HTTPS=True)
    def test_it_refuses_bench_with_https(self):
        errors = check_bench_off_in_production(None)
        self.assertEqual([error.id for error in errors], ["caucus.E005"])

    @override_settings(CAUCUS_BENCH=True, HTTPS=False)
    def test_it_allows_bench_on_a_local_run(self):
        self.assertEqual(check_bench_off_in_production(None), [])


class BenchRoutesTestCase(TestCase):
    def test_the_insert_is_not_routed_without_caucus_bench(self):
        self.assertEqual(self.client.post("/bench/insert/").status_code, 404)
        self.assertEqual(self.client.get("/bench/hello/").status_code, 404)

    def test_bench_routes_them_on_a_local_run(self):
        with override_settings(CAUCUS_BENCH=True, HTTPS=False):
            urlconf = urlconf_under_current_settings()
        with override_settings(ROOT_URLCONF=urlconf):
            self.assertEqual(self.client.get("/bench/hello/").status_code, 200)

    def test_with_https_they_are_not_routed_even_without_system_checks(self):
        """granian runs no system checks: the routing itself refuses, and says so in the log."""
        with (
            override_settings(CAUCUS_BENCH=True, HTTPS=True),
            self.assertLogs("caucus", "ERROR") as logs,
        ):
            urlconf = urlconf_under_current_settings()
        self.assertIn("not routed", logs.output[0])
        with override_settings(ROOT_URLCONF=urlconf):
            self.assertEqual(self.client.get("/bench/hello/", secure=True).status_code, 404)
            self.assertEqual(self.client.post("/bench/insert/", secure=True).status_code, 404)
