"""OSDI read endpoints (caucus/api/osdi/): the shape Action Network's tools read, and a role
matrix for what is private (signers' emails, hidden names, attendances)."""

import re
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.campaigns.models import AddressVisibility, Campaign, Event, Rsvp, RsvpState
from caucus.lib.crypto import email_index
from caucus.lib.urls import absolute_url
from caucus.signatures.models import Signature, State
from caucus.signatures.tests.helpers import make_statement
from caucus.test import OK, expect

OSDI = "/api/osdi/v1"


def sign(statement, name: str, *, show_name: bool, may_contact: bool, state=State.CONFIRMED):
    email = f"{name.split()[0].lower()}@example.net"
    return Signature.objects.create(
        statement=statement,
        name=name,
        city="Rosario",
        country="AR",
        email=email,
        email_index=email_index(email),
        email_domain="example.net",
        show_name=show_name,
        may_contact=may_contact,
        state=state,
        confirmed_at=timezone.now() if state == State.CONFIRMED else None,
    )


class OsdiTestCase(ApiTestCase):
    prefix = OSDI  # for check_api

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = make_statement(slug="declaration", coalition=cls.coalition)
        cls.shown = sign(cls.statement, "Ana Shown", show_name=True, may_contact=True)
        cls.hidden = sign(cls.statement, "Hugo Hidden", show_name=False, may_contact=False)
        cls.pending = sign(
            cls.statement, "Pia Pending", show_name=True, may_contact=True, state=State.PENDING
        )
        make_statement(slug="draft", status="draft", coalition=cls.coalition)
        campaign = Campaign.objects.create(
            coalition=cls.coalition,
            title="Spring",
            slug="spring",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=30),
        )
        starts = timezone.now() + timedelta(days=5)
        cls.event = Event.objects.create(
            campaign=campaign,
            organization=cls.alpha,
            title="Rally in Izmir",
            kind="rally",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            time_zone="Europe/Istanbul",
            city="Izmir",
            country="TR",
            address="Gündoğdu Square 1",
            address_visibility=AddressVisibility.HIDDEN,
        )
        for n, state in enumerate([RsvpState.CONFIRMED, RsvpState.PENDING]):
            Rsvp.objects.create(
                event=cls.event,
                name=f"Person {n}",
                email=f"p{n}@example.org",
                email_index=email_index(f"p{n}@example.org"),
                state=state,
                confirmed_at=timezone.now() if state == RsvpState.CONFIRMED else None,
            )

    def setUp(self):
        super().setUp()
        cache.clear()

    def get(self, actor: str, path: str):
        return self.as_(actor, "token").get(OSDI + path)


class EntryPointTestCase(OsdiTestCase):
    def test_the_entry_point_links_the_collections(self):
        response = self.client.get(OSDI + "/")
        self.assertEqual(response.status_code, 200)
        links = response.json()["_links"]
        self.assertEqual(links["osdi:petitions"]["href"], absolute_url("/api/osdi/v1/petitions"))
        self.assertIn("osdi:events", links)


class PetitionsTestCase(OsdiTestCase):
    def test_published_statements_are_petitions_in_osdi_shape(self):
        response = self.client.get(OSDI + "/petitions")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            (body["total_records"], body["total_pages"], body["page"], body["per_page"]),
            (1, 1, 1, 25),
        )
        petition = body["_embedded"]["osdi:petitions"][0]
        self.assertEqual(petition["title"], "Declaration declaration")
        self.assertEqual(petition["petition_text"], "We declare.")
        self.assertEqual(petition["total_signatures"], 2)
        self.assertEqual(petition["identifiers"], ["caucus:declaration"])
        self_link = absolute_url("/api/osdi/v1/petitions/declaration")
        self.assertEqual(petition["_links"]["self"]["href"], self_link)
        self.assertEqual(body["_links"]["osdi:petitions"], [{"href": self_link}])

    def test_a_draft_is_no_petition(self):
        self.assertEqual(self.get("coordinator", "/petitions/draft").status_code, 404)
        self.assertEqual(self.client.get(OSDI + "/petitions/a.b").status_code, 404)

    def test_pages_link_to_each_other(self):
        for n in range(3):
            make_statement(slug=f"more-{n}", coalition=self.coalition)
        first = self.client.get(OSDI + "/petitions?per_page=3").json()
        self.assertEqual((first["total_pages"], first["total_records"]), (2, 4))
        self.assertNotIn("prev", first["_links"])
        second = self.client.get(first["_links"]["next"]["href"]).json()
        self.assertEqual(len(second["_embedded"]["osdi:petitions"]), 1)
        self.assertIn("page=1", second["_links"]["prev"]["href"])
        self.assertNotIn("next", second["_links"])

    def test_it_filters_on_modified_date(self):
        old = make_statement(slug="older", coalition=self.coalition)
        old.published_at = datetime(2025, 6, 1, tzinfo=UTC)
        old.save(update_fields=["published_at"])
        for query, slugs in [
            ("modified_date gt '2026-01-01'", ["declaration"]),
            ("modified_date lt '2026-01-01'", ["older"]),
            (
                "modified_date gt '2025-05-01' and modified_date lt '2025-07-01T00:00:00Z'",
                ["older"],
            ),
        ]:
            with self.subTest(query=query):
                response = self.client.get(OSDI + "/petitions", {"filter": query})
                self.assertEqual(response.status_code, 200, response.content)
                items = response.json()["_embedded"]["osdi:petitions"]
                self.assertEqual([p["identifiers"][0][7:] for p in items], slugs)

    def test_a_filter_it_cannot_read_is_a_422_on_the_filter(self):
        for query in ("title eq 'x'", "modified_date gt 'yesterday'", "modified_date gt 2026"):
            with self.subTest(query=query):
                response = self.client.get(OSDI + "/petitions", {"filter": query})
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["loc"], ["query", "filter"])
        self.assertEqual(self.client.get(OSDI + "/petitions?per_page=101").status_code, 422)


class SignaturesMatrixTestCase(OsdiTestCase):
    """Anyone reads the names signers chose to show; only the statement's managers (the
    coalition's coordinators, with a second factor) read the others, and emails only of
    those who allowed contact."""

    def signers(self, response) -> dict[str, list]:
        return {
            s["person"]["given_name"]: s["person"]["email_addresses"]
            for s in response.json()["_embedded"]["osdi:signatures"]
        }

    def names(self, actor: str) -> dict[str, list]:
        response = self.get(actor, "/petitions/declaration/signatures")
        self.assertEqual(response.status_code, 200, response.content)
        return self.signers(response)

    def test_the_public_reads_the_names_shown_and_no_email(self):
        def shown(role, response) -> None:
            if role != "coordinator":  # the statement's manager: the next test
                self.assertEqual(self.signers(response), {"Ana Shown": []})

        self.check_api("get", "/petitions/declaration/signatures", expect(OK), then=shown)

    def test_a_coordinator_reads_every_confirmed_signature_and_consented_emails(self):
        before = AuditEntry.objects.count()
        self.assertEqual(
            self.names("coordinator"),
            {
                "Ana Shown": [{"address": "ana@example.net", "primary": True}],
                "Hugo Hidden": [],
            },
        )
        self.assertEqual(AuditEntry.objects.count(), before + 1)  # like the contacts export

    def test_one_signature_follows_the_same_rule(self):
        path = f"/petitions/declaration/signatures/{self.hidden.pk}"
        self.assertEqual(self.get("anonymous", path).status_code, 404)
        self.assertEqual(self.get("delegate", path).status_code, 404)
        self.assertEqual(self.get("coordinator", path).status_code, 200)
        pending = f"/petitions/declaration/signatures/{self.pending.pk}"
        self.assertEqual(self.get("coordinator", pending).status_code, 404)

    def test_a_manager_without_a_second_factor_is_refused(self):
        from caucus.coalitions.models import Coordinator

        Coordinator.objects.create(coalition=self.coalition, user=self.nomfa)
        response = self.as_("nomfa").get(OSDI + "/petitions/declaration/signatures")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "mfa_required")


class EventsMatrixTestCase(OsdiTestCase):
    def test_events_are_public_without_their_hidden_address(self):
        response = self.client.get(OSDI + "/events")
        self.assertEqual(response.status_code, 200)
        event = response.json()["_embedded"]["osdi:events"][0]
        self.assertEqual(event["title"], "Rally in Izmir")
        self.assertEqual(event["location"]["locality"], "Izmir")
        self.assertEqual(event["location"]["address_lines"], [])
        self.assertIsNone(event["total_accepted"])  # the organizers do not show it
        self.assertNotIn("osdi:attendances", event["_links"])
        self.assertEqual(event["start_date"], self.event.starts_at.isoformat())

    def test_organizers_read_the_address_and_the_count(self):
        """Anyone reads the event; its organizers (alpha's people, nomfa too, as on the event's
        page, and the coordinator) also its hidden address, its count and the link to its
        attendances (which nomfa is refused: they carry emails)."""
        organizers = {"delegate", "editor", "org_admin", "nomfa", "coordinator"}

        def what_each_reads(role, response) -> None:
            event = response.json()
            organizer = role in organizers
            address = ["Gündoğdu Square 1"] if organizer else []
            self.assertEqual(event["location"]["address_lines"], address)
            self.assertEqual(event["total_accepted"], 1 if organizer else None)
            self.assertEqual("osdi:attendances" in event["_links"], organizer)

        self.check_api("get", f"/events/{self.event.uid}", expect(OK), then=what_each_reads)

    def test_attendances_are_for_the_organizers_only(self):
        path = f"/events/{self.event.uid}/attendances"
        organizers = expect(
            403, anonymous=401, delegate=OK, editor=OK, org_admin=OK, coordinator=OK
        )

        def no_emails_when_refused(role, response) -> None:
            if response.status_code != 200:
                self.assertNotIn(b"p0@example.org", response.content)

        self.check_api("get", path, organizers, then=no_emails_when_refused)
        body = self.get("delegate", path).json()
        people = [
            (a["status"], a["person"]["email_addresses"][0]["address"])
            for a in body["_embedded"]["osdi:attendances"]
        ]
        self.assertEqual(
            people, [("accepted", "p0@example.org"), ("needs action", "p1@example.org")]
        )

    def test_an_unknown_or_unlisted_event_is_a_404(self):
        self.assertEqual(self.client.get(OSDI + "/events/not-a-uuid").status_code, 404)
        self.event.approval = "pending"
        self.event.save(update_fields=["approval"])
        self.assertEqual(self.client.get(f"{OSDI}/events/{self.event.uid}").status_code, 404)

    def test_the_modified_date_filter_reads_the_events_update(self):
        Event.objects.filter(pk=self.event.pk).update(updated=datetime(2025, 1, 1, tzinfo=UTC))
        query = {"filter": "modified_date gt '2025-06-01'"}
        self.assertEqual(self.client.get(OSDI + "/events", query).json()["total_records"], 0)


class OsdiDocumentTestCase(OsdiTestCase):
    def test_osdi_shapes_do_not_replace_the_v1_ones_in_the_document(self):
        doc = self.client.get("/api/openapi.json").json()
        schemas = doc["components"]["schemas"]
        self.assertIn("uid", schemas["EventOut"]["properties"])  # v1's, not OSDI's
        self.assertIn("start_date", schemas["OsdiEventOut"]["properties"])

    def test_the_document_declares_the_filter_grammar(self):
        doc = self.client.get("/api/openapi.json").json()
        params = doc["paths"]["/api/osdi/v1/petitions"]["get"]["parameters"]
        pattern = next(p for p in params if p["name"] == "filter")["schema"]["pattern"]
        self.assertRegex("modified_date gt '2026-01-01'", pattern)
        self.assertIsNone(re.match(pattern, "modified_date gt '2026-11-31'"))  # no such day
