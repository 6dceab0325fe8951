"""The API for cases: public reads, adding a hearing, refusals as JSON."""

from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase

URL = "/api/v1/coalitions/united/cases/a-y/timeline"


class CaseApiTestCase(CaseTestCase):
    def post(self, data):
        return self.client.post(URL, data, content_type="application/json")

    def test_it_lists_public_cases(self):
        items = self.client.get("/api/v1/cases").json()["items"]
        self.assertEqual([c["slug"] for c in items], ["mehmet-demir", "a-y"])
        protected = items[1]
        self.assertEqual((protected["city"], protected["photo_url"]), ("", ""))

    def test_it_adds_a_hearing(self):
        self.client.force_login(self.coordinator)
        data = {
            "kind": "hearing",
            "date": "2026-06-01",
            "time": "10:15",
            "time_zone": "Europe/Athens",
            "note": "Bring banners.",
        }
        response = self.post(data)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["starts_at"], "2026-06-01T07:15:00Z")

    def test_it_refuses_bad_entries_with_field_errors(self):
        self.client.force_login(self.coordinator)
        before = TimelineEntry.objects.count()
        for data, field in [
            ({"kind": "hearing", "date": "2026-06-01"}, "time"),
            ({"kind": "update", "date": "2099-01-01"}, "date"),
            ({"kind": "nonsense", "date": "2026-06-01"}, "kind"),
        ]:
            with self.subTest(data=data):
                response = self.post(data)
                self.assertEqual(response.status_code, 422)
                locs = [e["loc"] for e in response.json()["errors"]]
                self.assertIn(["body", field], locs)
        self.assertEqual(self.post({"kind": "update"}).status_code, 422)
        self.assertEqual(TimelineEntry.objects.count(), before)
