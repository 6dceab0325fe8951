"""Times on the co-signing tracker and in reminders are on the statement's clock, labelled with
its zone's city, in a <time datetime="...Z"> the reader-zone script follows (issue 14), and a
reminder email in Arabic keeps the names it carries whole."""

import re
from datetime import UTC, datetime, timedelta

from django.core import mail

from caucus.organizations.models import Invitation
from caucus.signatures import services
from caucus.signatures.models import OrganizationSignature, SigningReminder
from caucus.statements.models import Statement
from caucus.test import BaseTestCase
from caucus.testing.needs import open_statement

REMIND = "/s/draft-declaration/signatures/remind/"
WORKSPACE = "/s/draft-declaration/draft/"
SIGNED = datetime(2026, 7, 1, 15, 30, tzinfo=UTC)  # 12:30 in Buenos Aires (UTC−03:00)
FSI, PDI = "\u2068", "\u2069"


class TrackerTimesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = open_statement(cls.coalition)
        Statement.objects.filter(pk=cls.statement.pk).update(
            signing_deadline_zone="America/Argentina/Buenos_Aires"
        )
        services.organization_sign(
            statement=cls.statement, organization=cls.gamma, actor=cls.gamma_admin
        )
        OrganizationSignature.objects.filter(organization=cls.gamma).update(signed_at=SIGNED)

    def test_a_signature_is_shown_on_the_statements_clock_with_its_label(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(WORKSPACE).content.decode()
        self.assertIn('<time datetime="2026-07-01T15:30:00Z">', page)
        self.assertIn(">Wed 1 July 2026, 12:30</time>", page)
        self.assertIn("(Buenos Aires time, UTC−03:00)", page)
        self.assertNotIn("15:30 UTC", page)
        # The reader's time is written by when.js from the slot beside it.
        self.assertRegex(page, r'class="reader-time" hidden data-utc="2026-07-01T15:30:00Z"')

    def test_a_reminder_is_shown_on_the_statements_clock(self):
        self.client.force_login(self.coordinator)
        self.client.post(REMIND, {"organization": "alpha"})
        SigningReminder.objects.update(created=SIGNED + timedelta(hours=1))
        page = self.client.get(WORKSPACE).content.decode()
        found = re.search(
            r'Reminded <span class="when"><time datetime="([^"]+)">([^<]+)</time>', page
        )
        self.assertIsNotNone(found, "the reminder's time is not written by the helper")
        self.assertEqual(found.groups(), ("2026-07-01T16:30:00Z", "Wed 1 July 2026, 13:30"))

    def test_a_refused_reminder_says_when_on_the_statements_clock(self):
        self.client.force_login(self.coordinator)
        self.client.post(REMIND, {"organization": "alpha"})
        last = SigningReminder.objects.get().created
        page = self.client.post(REMIND, {"organization": "alpha"}, follow=True).content.decode()
        again = (last + timedelta(hours=24)).astimezone(UTC) - timedelta(hours=3)
        self.assertIn("remind it again after ", page)
        self.assertIn(f"{again:%H:%M} (Buenos Aires time, UTC−03:00).", page)
        self.assertNotIn(" UTC.", page)

    def test_an_arabic_reminder_email_isolates_the_names(self):
        self.alpha.languages = ["ar"]
        self.alpha.save(update_fields=["languages"])
        self.client.force_login(self.coordinator)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(REMIND, {"organization": "alpha"})
        message = next(m for m in mail.outbox if self.delegate.email in m.to)
        html = message.alternatives[0][0]
        self.assertIn('lang="ar" dir="rtl"', html)
        self.assertIn("<bdi>ALPHA</bdi>", html)
        title = self.statement.title_in("ar")
        self.assertIn(f"«<bdi>{title}</bdi>»", html)
        self.assertIn(f"{FSI}ALPHA{PDI}", message.body)
        self.assertIn(f"{FSI}{title}{PDI}", message.body)
        self.assertIn(f"{FSI}ALPHA{PDI}", message.subject)


class DashboardTimesTestCase(BaseTestCase):
    def test_an_invitations_expiry_is_a_moment_labelled_utc(self):
        invitation = Invitation.objects.create(
            organization=self.gamma, email=self.outsider.email, role="delegate"
        )
        self.client.force_login(self.outsider)
        page = self.client.get("/dashboard/").content.decode()
        instant = invitation.expires.astimezone(UTC).isoformat().replace("+00:00", "Z")
        self.assertIn(
            f'The invitation expires on <span class="when"><time datetime="{instant}">', page
        )
        self.assertIn('<span class="zone">(UTC)</span>', page)
