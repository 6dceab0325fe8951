"""CSV exports of a campaign's actions and of RSVPs (issue 18): who may download them, what
they hold, that a cell cannot run as a formula, and that rows stream in constant queries."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from caucus.audit.models import AuditEntry
from caucus.campaigns.models import Rsvp, RsvpState
from caucus.campaigns.tests.helpers import Materialized, make_campaign, make_event
from caucus.lib.crypto import email_index
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

COORDINATORS = expect(403, anonymous=LOGIN, coordinator=OK)
# The event is alpha's: its members with a second factor, and the campaign's coordinators.
ORGANIZERS = expect(OK, anonymous=LOGIN, outsider=403, gamma_admin=403, nomfa=403, operator=403)


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


class ExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.event = make_event(
            cls.campaign,
            cls.alpha,
            actor=cls.delegate,
            title='=HYPERLINK("https://evil.example")',
            address="Hidden street 1",
            address_visibility="hidden",
            capacity=50,
        )
        cls.rsvp("Ana Attendee", "ana@example.net", RsvpState.CONFIRMED)
        cls.rsvp("@Bob", "bob@example.net", RsvpState.PENDING)

    @classmethod
    def rsvp(cls, name, email, state, event=None) -> Rsvp:
        return Rsvp.objects.create(
            event=event or cls.event,
            name=name,
            email=email,
            email_index=email_index(email),
            state=state,
        )


class ExportPermissionMatrixTestCase(PermissionMatrix, ExportTestCase):
    watched = ["audit.AuditEntry", "campaigns.Rsvp", "campaigns.Event"]
    watched_on_reads = True

    def client_for(self, role):
        return Materialized(super().client_for(role))

    def test_the_actions_are_for_the_coalitions_coordinators(self):
        self.check("get", "/campaigns/spring/events.csv", COORDINATORS, contains="Hidden street 1")

    def test_all_rsvps_are_for_the_coalitions_coordinators(self):
        self.check(
            "post", "/campaigns/spring/rsvps.csv", COORDINATORS, allowed=200, contains="ana@"
        )

    def test_an_events_rsvps_are_for_its_organizers(self):
        url = f"/events/{self.event.uid}/rsvps.csv"
        self.check("post", url, ORGANIZERS, allowed=200, contains="ana@example.net")
        self.check("get", url, expect(405, anonymous=LOGIN))


class ExportContentTestCase(ExportTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_the_actions_carry_osdi_columns_and_the_full_address(self):
        response = self.client.get("/campaigns/spring/events.csv")
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="spring-events.csv"', response["Content-Disposition"])
        header, row = read(response)
        cells = dict(zip(header, row, strict=True))
        self.assertEqual(cells["identifier"], f"caucus:{self.event.uid}")
        self.assertEqual(cells["address"], "Hidden street 1")  # coordinators organize it
        self.assertEqual(cells["organization"], "alpha")
        self.assertEqual(cells["total_accepted"], "1")  # the pending RSVP is not counted
        self.assertEqual(cells["start_date"], self.event.starts_at.isoformat())
        self.assertTrue(cells["browser_url"].endswith(f"/events/{self.event.uid}/"))

    def test_no_cell_starts_a_formula(self):
        header, row = read(self.client.get("/campaigns/spring/events.csv"))
        self.assertEqual(dict(zip(header, row, strict=True))["title"][:2], "'=")
        rows = read(self.client.post(f"/events/{self.event.uid}/rsvps.csv"))
        names = [r[rows[0].index("given_name")] for r in rows[1:]]
        self.assertEqual(names, ["Ana Attendee", "'@Bob"])

    def test_rsvps_carry_emails_and_states_and_are_audited(self):
        rows = read(self.client.post(f"/events/{self.event.uid}/rsvps.csv"))
        header = rows[0]
        by_email = {r[header.index("email")]: r for r in rows[1:]}
        self.assertEqual(set(by_email), {"ana@example.net", "bob@example.net"})
        self.assertEqual(by_email["ana@example.net"][header.index("status")], "confirmed")
        entry = AuditEntry.objects.get(action="event.rsvps_exported")
        self.assertEqual((entry.actor, entry.data["count"]), (self.coordinator, "2"))

    def test_the_campaigns_rsvps_cover_every_action(self):
        other = make_event(self.campaign, self.gamma, actor=None, city="Santiago", country="CL")
        self.rsvp("Carla", "carla@example.net", RsvpState.CANCELLED, event=other)
        rows = read(self.client.post("/campaigns/spring/rsvps.csv"))
        events = {r[rows[0].index("event")] for r in rows[1:]}
        self.assertEqual(events, {f"caucus:{self.event.uid}", f"caucus:{other.uid}"})
        self.assertTrue(AuditEntry.objects.filter(action="campaign.rsvps_exported").exists())

    def test_rows_stream_in_the_same_queries_however_many(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as ctx:
                read(self.client.post(f"/events/{self.event.uid}/rsvps.csv"))
            return len(ctx.captured_queries)

        few = queries()
        for n in range(60):
            self.rsvp(f"Person {n}", f"p{n}@example.net", RsvpState.CONFIRMED)
        self.assertEqual(queries(), few)
