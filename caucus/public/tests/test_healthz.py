from django.test import TestCase


class HealthzTestCase(TestCase):
    def test_it_reports_database_and_cache(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"database": "ok", "cache": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])
