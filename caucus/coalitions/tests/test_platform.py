from caucus.audit.models import AuditEntry
from caucus.coalitions.models import PlatformVersion
from caucus.test import BaseTestCase


class PlatformTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_each_save_is_a_new_version_with_author(self):
        response = self.client.post(
            "/coalitions/united/platform/",
            {
                "points": "First point\n\nSecond point, amended\r\n\r\nA third point",
                "note": "v2",
            },
        )
        self.assertRedirects(response, "/coalitions/united/", fetch_redirect_response=False)
        latest = PlatformVersion.objects.get(number=2)
        self.assertEqual(latest.points, ["First point", "Second point, amended", "A third point"])
        self.assertEqual(latest.author, self.coordinator)
        self.assertEqual(
            PlatformVersion.objects.get(number=1).points, ["First point", "Second point"]
        )
        self.assertTrue(AuditEntry.objects.filter(action="platform.updated").exists())
        history = self.client.get("/coalitions/united/platform/history/")
        self.assertContains(history, "Version 2")
        self.assertContains(history, "Version 1")
        public = self.client.get("/c/united/")
        self.assertContains(public, "A third point")

    def test_saving_the_same_points_is_refused(self):
        response = self.client.post(
            "/coalitions/united/platform/", {"points": "First point\n\nSecond point"}
        )
        self.assertContains(response, "Nothing changed", status_code=400)
        self.assertEqual(PlatformVersion.objects.count(), 1)

    def test_an_empty_platform_is_refused(self):
        response = self.client.post("/coalitions/united/platform/", {"points": "\n\n  \n"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(PlatformVersion.objects.count(), 1)
