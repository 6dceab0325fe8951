"""The CSV exports through the API (issue 18): the web's downloads, with the same people allowed
(every role of the cast, by session and by token), the same streamed rows, documented as CSV."""

from django.test import override_settings

from caucus.api.api import api
from caucus.audit.models import AuditEntry
from caucus.campaigns.tests import test_exports
from caucus.campaigns.tests.helpers import Materialized
from caucus.test import OK, ApiMatrix, Client, expect

read = test_exports.read
COORDINATORS = expect(403, anonymous=401, coordinator=OK)
# The event is alpha's: its members with a second factor, and the campaign's coordinators.
ORGANIZERS = expect(OK, anonymous=401, outsider=403, gamma_admin=403, nomfa=403, operator=403)
CSV = "text/csv; charset=utf-8"


class ApiExportTestCase(ApiMatrix, test_exports.ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issue_tokens()

    def token(self, role: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {self.secrets[role]}"})


class ApiExportMatrixTestCase(ApiExportTestCase):
    watched = ["audit.AuditEntry", "campaigns.Rsvp", "campaigns.Event"]
    watched_on_reads = True

    def client_for(self, role):
        return Materialized(super().client_for(role))

    def answers_json(self, role, response) -> None:
        """A download is CSV, as an attachment; every refusal is the API's JSON error."""
        if response.status_code == 200:
            self.assertTrue(response.streamed)
            self.assertEqual(response["Content-Type"], CSV)
            self.assertTrue(response["Content-Disposition"].startswith("attachment; filename="))
        else:
            super().answers_json(role, response)

    def test_the_actions_are_for_the_coalitions_coordinators(self):
        path = "/campaigns/spring/events.csv"
        self.check_api("get", path, COORDINATORS, contains="Hidden street 1")

    def test_all_rsvps_are_for_the_coalitions_coordinators(self):
        self.check_api("post", "/campaigns/spring/rsvps.csv", COORDINATORS, contains="ana@")

    def test_an_events_rsvps_are_for_its_organizers(self):
        path = f"/events/{self.event.uid}/rsvps.csv"
        self.check_api("post", path, ORGANIZERS, contains="ana@example.net")


class ApiExportContentTestCase(ApiExportTestCase):
    def test_the_actions_are_the_webs_rows(self):
        web = self.client
        web.force_login(self.coordinator)
        response = self.token("coordinator").get("/api/v1/campaigns/spring/events.csv")
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], CSV)
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="spring-events.csv"'
        )
        rows = read(web.get("/campaigns/spring/events.csv"))
        self.assertEqual(read(response), rows)
        cells = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(cells["identifier"], f"caucus:{self.event.uid}")
        self.assertEqual(cells["title"][:2], "'=")  # no cell starts a formula

    @override_settings(SITE_URL="https://caucus.example/", ALLOWED_HOSTS=["*"])
    def test_the_actions_link_to_the_site_whatever_host_was_asked(self):
        client = self.token("coordinator")
        response = client.get("/api/v1/campaigns/spring/events.csv", HTTP_HOST="evil.example")
        header, row = read(response)
        url = dict(zip(header, row, strict=True))["browser_url"]
        self.assertEqual(url, f"https://caucus.example/events/{self.event.uid}/")

    def test_rsvp_exports_carry_emails_and_are_audited(self):
        client = self.token("coordinator")
        rows = read(client.post(f"/api/v1/events/{self.event.uid}/rsvps.csv"))
        emails = {r[rows[0].index("email")] for r in rows[1:]}
        self.assertEqual(emails, {"ana@example.net", "bob@example.net"})
        entry = AuditEntry.objects.get(action="event.rsvps_exported")
        self.assertEqual((entry.actor, entry.data["count"]), (self.coordinator, "2"))
        response = client.post("/api/v1/campaigns/spring/rsvps.csv")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="spring-rsvps.csv"')
        self.assertEqual(len(read(response)), 3)
        self.assertTrue(AuditEntry.objects.filter(action="campaign.rsvps_exported").exists())

    def test_rsvp_exports_are_posts(self):
        response = self.token("coordinator").get("/api/v1/campaigns/spring/rsvps.csv")
        self.assertEqual(response.status_code, 405)
        self.assertFalse(AuditEntry.objects.filter(action="campaign.rsvps_exported").exists())

    def test_head_reads_no_rows(self):
        response = self.token("coordinator").head("/api/v1/campaigns/spring/events.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], CSV)
        self.assertEqual(b"".join(response.streaming_content), b"")

    def test_the_document_says_csv(self):
        paths = api.get_openapi_schema()["paths"]
        for path, method in [
            ("/api/v1/campaigns/{slug}/events.csv", "get"),
            ("/api/v1/campaigns/{slug}/rsvps.csv", "post"),
            ("/api/v1/events/{uid}/rsvps.csv", "post"),
        ]:
            with self.subTest(path=path):
                ok = paths[path][method]["responses"][200]
                self.assertEqual(list(ok["content"]), ["text/csv"])
                self.assertIn("Content-Disposition", ok["headers"])
