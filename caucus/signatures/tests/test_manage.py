"""Coordinators watch the signing rate, invalidate a spike and export contacts."""

import csv
import io
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from caucus.audit.models import AuditEntry
from caucus.lib.crypto import email_index
from caucus.signatures.counting import confirmed_count, fold
from caucus.signatures.models import Signature, State
from caucus.signatures.tests.helpers import SignaturesTestCase


def add(statement, n, *, prefix="198.51.100.0/24", domain="example.net", **fields):
    now = timezone.now()
    Signature.objects.bulk_create(
        Signature(
            statement=statement,
            name=f"Person {prefix} {n}-{i}",
            name_key=f"person {i}",
            email=f"p{i}@{domain}",
            email_index=email_index(f"p{i}-{prefix}@{domain}"),
            email_domain=domain,
            ip_prefix=prefix,
            state=State.CONFIRMED,
            **{"confirmed_at": now, **fields},
        )
        for i in range(n)
    )


class ManageTestCase(SignaturesTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.coordinator)

    def test_it_shows_the_rate_and_the_spikes(self):
        add(self.statement, 5)
        add(self.statement, 40, prefix="203.0.113.0/24", domain="spam.example")
        response = self.client.get("/s/declaration/signatures/manage/")
        self.assertContains(response, "203.0.113.0/24")
        self.assertContains(response, "spam.example")
        self.assertContains(response, "45 signatures in this window")
        spikes = response.context["spikes"]
        self.assertEqual(spikes["prefixes"][0], {"ip_prefix": "203.0.113.0/24", "n": 40})

    def test_invalidating_a_spike_drops_it_from_the_count_and_is_logged(self):
        add(self.statement, 5)
        add(self.statement, 40, prefix="203.0.113.0/24", domain="spam.example")
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))  # half folded...
        add(self.statement, 3, prefix="203.0.113.0/24", domain="other.example")  # ...half live
        Signature.objects.filter(email_domain="other.example").update(
            confirmed_at=timezone.now() + timedelta(seconds=2)
        )
        self.assertEqual(confirmed_count(self.statement.pk), 48)
        now = timezone.now()
        window = {
            "start": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "end": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ip_prefix": "203.0.113.0/24",
        }
        url = "/s/declaration/signatures/manage/invalidate/"
        page = self.client.post(url, window)  # the form asks first (issue 14)
        self.assertContains(page, "43 signatures made from")
        self.assertContains(page, "match and will stop counting.")
        self.assertContains(page, '<code dir="ltr">203.0.113.0/24</code>')
        self.assertContains(page, "Invalidate 43 signatures</button>")
        self.assertContains(page, '<input type="hidden" name="confirmed" value="yes">')
        self.assertContains(page, 'href="/s/declaration/signatures/manage/">Cancel</a>')
        self.assertEqual(confirmed_count(self.statement.pk), 48)
        self.assertFalse(AuditEntry.objects.filter(action="signature.invalidated").exists())
        response = self.client.post(url, {**window, "confirmed": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(confirmed_count(self.statement.pk), 5)
        self.assertEqual(Signature.objects.filter(state=State.INVALIDATED).count(), 43)
        entry = AuditEntry.objects.get(action="signature.invalidated")
        self.assertEqual(entry.data["count"], "43")
        self.assertEqual(entry.coalition, self.coalition)
        self.assertNotIn("203.0.113", str(entry.data))

    def test_the_confirmation_shows_the_window_on_the_statements_clock(self):
        # 23:30 UTC is already the next morning in Tokyo (issue 14).
        self.statement.signing_deadline_zone = "Asia/Tokyo"
        self.statement.save(update_fields=["signing_deadline_zone"])
        at = datetime(2026, 3, 4, 23, 40, tzinfo=UTC)
        add(self.statement, 2, created=at, confirmed_at=at)
        page = self.client.post(
            "/s/declaration/signatures/manage/invalidate/",
            # typed on the statement's clock, as the form's labels say
            {"start": "2026-03-05T08:30", "end": "2026-03-05T09:30", "domain": "example.net"},
        )
        self.assertContains(
            page, '<time datetime="2026-03-04T23:30:00Z">Thu 5 March 2026, 08:30</time>'
        )
        self.assertContains(
            page, '<time datetime="2026-03-05T00:30:00Z">Thu 5 March 2026, 09:30</time>'
        )
        self.assertContains(page, "(Tokyo time, UTC+09:00)")
        self.assertNotContains(page, "(UTC)")
        # The form reads the hidden fields back as it read what was typed.
        self.assertContains(page, 'name="start" value="2026-03-05T08:30"')
        form = self.client.get("/s/declaration/signatures/manage/")
        self.assertContains(form, "From (Tokyo time, UTC+09:00)")
        self.assertContains(form, "Until (Tokyo time, UTC+09:00)")
        self.assertNotContains(form, "(UTC)")

    def test_a_window_on_a_clock_that_repeats_an_hour_asks_which(self):
        # Berlin's clocks went back at 03:00 on 25 October 2026: 02:30 happened twice.
        self.statement.signing_deadline_zone = "Europe/Berlin"
        self.statement.save(update_fields=["signing_deadline_zone"])
        at = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # the second 02:15 in Berlin
        add(self.statement, 2, created=at, confirmed_at=at)
        url = "/s/declaration/signatures/manage/invalidate/"
        window = {"start": "2026-10-25T02:00", "end": "2026-10-25T02:30", "domain": "example.net"}
        asked = self.client.post(url, window)
        self.assertContains(asked, "happens twice", status_code=400)
        page = self.client.post(url, {**window, "start_fold": "1", "end_fold": "1"})
        self.assertContains(page, "2 signatures made from")
        self.assertContains(page, '<time datetime="2026-10-25T01:00:00Z">')
        self.assertContains(page, 'name="start_fold" value="1"')
        done = self.client.post(
            url, {**window, "start_fold": "1", "end_fold": "1", "confirmed": "yes"}
        )
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Signature.objects.filter(state=State.INVALIDATED).count(), 2)

    def test_a_window_where_nothing_matches_says_so_and_asks_nothing(self):
        add(self.statement, 3)
        now = timezone.now()
        response = self.client.post(
            "/s/declaration/signatures/manage/invalidate/",
            {
                "start": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "end": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "domain": "nobody.example",
            },
        )
        self.assertContains(response, "No signature matches", status_code=400)
        self.assertNotContains(response, "confirm-form", status_code=400)

    def test_invalidation_needs_a_prefix_or_domain_and_changes_nothing_without(self):
        add(self.statement, 3)
        now = timezone.now()
        response = self.client.post(
            "/s/declaration/signatures/manage/invalidate/",
            {"start": now.strftime("%Y-%m-%dT%H:%M"), "end": "garbage", "confirmed": "yes"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Give an IP prefix or an email domain.", status_code=400)
        self.assertContains(
            response, "Enter a date and time like 2026-05-01 18:30.", status_code=400
        )
        self.assertFalse(Signature.objects.filter(state=State.INVALIDATED).exists())
        self.assertFalse(AuditEntry.objects.filter(action="signature.invalidated").exists())

    def test_the_export_holds_only_signers_who_allowed_contact_and_is_logged(self):
        add(self.statement, 2, may_contact=True, domain="yes.example")
        add(self.statement, 3, prefix="192.0.2.0/24", may_contact=False, domain="no.example")
        Signature.objects.create(
            statement=self.statement,
            name="=HYPERLINK(1)",
            email="formula@yes.example",
            email_index="f" * 64,
            email_domain="yes.example",
            state=State.CONFIRMED,
            confirmed_at=timezone.now(),
            may_contact=True,
        )
        Signature.objects.create(
            statement=self.statement,
            name="Pending",
            email="pending@yes.example",
            email_index="p" * 64,
            email_domain="yes.example",
            may_contact=True,
        )
        response = self.client.post("/s/declaration/signatures/manage/contacts.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual(
            sorted(r["email"] for r in rows),
            ["formula@yes.example", "p0@yes.example", "p1@yes.example"],
        )
        self.assertIn("'=HYPERLINK(1)", [r["name"] for r in rows])
        entry = AuditEntry.objects.get(action="signature.contacts_exported")
        self.assertEqual((entry.data["count"], entry.actor), ("3", self.coordinator))
        self.assertNotIn("@", str(entry.data))
