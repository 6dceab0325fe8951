"""The benchmarks' unauthenticated insert lives in bench/, is routed only with CAUCUS_BENCH,
and CAUCUS_BENCH cannot be combined with HTTPS (caucus.E005)."""

from django.test import SimpleTestCase, TestCase, override_settings

from caucus.accounts.checks import check_bench_off_in_production


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
