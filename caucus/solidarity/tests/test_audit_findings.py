"""The security audit's reproductions for protected cases (findings 2, 3, 4, 9, 16 and 17), each
driven over HTTP as the auditor did; every one of them leaked or was accepted before the Trust
issue. The protected case is "A.Y." (Ayşe Yılmaz of Gebze), of the organization alpha, whose
admin is not a coordinator.
"""

import html
import io
import tempfile
import unicodedata

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from caucus.solidarity.models import Case, CaseLink, Follower, TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase
from caucus.test import on_test_day

EDIT = "/coalitions/united/cases/a-y/edit/"
ENTRY = "/coalitions/united/cases/a-y/timeline/new/"
LINK = "/coalitions/united/cases/a-y/links/new/"
API_ENTRY = "/api/v1/coalitions/united/cases/a-y/timeline"
# The secret as the public might spell it, in the test's own folding (not the app's).
FOLDED_SECRETS = ("ayse", "yilmaz", "gebze")
PUBLIC = [
    "/cases/",
    "/cases/a-y/",
    "/cases/a-y/print/",
    "/cases/a-y/feed/rss/",
    "/cases/a-y/feed/atom/",
    "/cases/calendar/united.ics",
    "/c/united/",
    "/api/v1/cases",
    "/api/v1/cases/a-y",
    "/api/v1/coalitions/united/hearings",
    "/search/?q=Yilmaz",
    "/search/?q=Gebze",
    "/search/?q=Ayse",
]


def folded(text: str) -> str:
    """Lower case, entities decoded, accents and the Turkish dotless i folded."""
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKD", text.casefold()).replace("ı", "i")
    return "".join(c for c in text if not unicodedata.combining(c))


def edit_data(**extra) -> dict:
    return {
        "kind": "person",
        "display_name": "A.Y.",
        "full_name": "Ayşe Yılmaz",
        "country": "TR",
        "city": "Gebze",
        "status": "detained",
        "protected": "on",
        "publish": "on",
        "summary": "A union organizer, detained after a strike.",
        **extra,
    }


@on_test_day
class AuditFindingsTestCase(CaseTestCase):
    def assert_public_channels_clean(self) -> None:
        for who in (None, self.org_admin):
            self.client.logout()
            if who is not None:
                self.client.force_login(who)
            for url in PUBLIC:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                text = folded(response.content.decode())
                if url.startswith("/search/"):  # the page repeats the words asked for
                    text = text.partition('role="status"')[2]
                for secret in FOLDED_SECRETS:
                    self.assertNotIn(secret, text, f"{secret} at {url} for {who}")

    def test_finding_2_spellings_of_the_name_are_refused_in_the_summary(self):
        self.client.force_login(self.coordinator)
        spellings = [
            "The steward, _Ayşe Yılmaz_, is held far from home.",
            "See the Gebze bar statement on Yilmaz.",
            "Also Y&#305;lmaz.",
            unicodedata.normalize("NFD", "Ayşe Yılmaz, again."),
            "Share #FreeYılmaz today.",
            "Yılmaz'ın avukatları and Yılmazın avukatları.",
            "Ayse_Yilmaz on the wall.",
        ]
        for summary in spellings:
            with self.subTest(summary=summary):
                response = self.client.post(EDIT, edit_data(summary=summary))
                self.assertEqual(response.status_code, 400)
                self.assertIn("summary", response.context["form"].errors)
        self.assert_public_channels_clean()

    def test_finding_2_a_display_name_that_gives_away_the_surname_is_refused(self):
        self.client.force_login(self.coordinator)
        for name in ("A. Yilmaz", "#FreeYılmaz", "Ayse Y."):
            with self.subTest(name=name):
                response = self.client.post(EDIT, edit_data(display_name=name))
                self.assertEqual(response.status_code, 400)
                self.assertIn("display_name", response.context["form"].errors)
        case = Case.objects.get(pk=self.protected.pk)
        self.assertEqual((case.slug, case.display_name), ("a-y", "A.Y."))
        self.assert_public_channels_clean()

    def test_finding_2_followers_get_no_spelling_of_the_name(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/cases/a-y/follow/", {"email": "fan@example.net"})
        Follower.objects.update(state="confirmed")
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                API_ENTRY,
                {
                    "kind": "update",
                    "date": "2026-01-05",
                    "note": "Lawyers for _Ayşe Yılmaz_ filed an appeal (Yilmaz family).",
                    "place": "Gebze courthouse",
                },
                content_type="application/json",
            )
        self.assertEqual(response.status_code, 422)
        fields = {error["loc"][-1] for error in response.json()["errors"]}
        self.assertEqual(fields, {"note", "place"})
        self.assertEqual(len(mail.outbox), 1)  # the confirmation only
        for message in mail.outbox:
            text = folded(message.subject + message.body + message.alternatives[0][0])
            for secret in FOLDED_SECRETS:
                self.assertNotIn(secret, text)

    def test_finding_3_links_and_source_addresses_are_checked_too(self):
        self.client.force_login(self.coordinator)
        good = {"kind": "appeal", "title": "Petition", "url": "https://appeals.example/free"}
        for field, value in (
            ("title", "Petition: Free Ayşe Yılmaz"),
            ("url", "https://appeals.example/free-ayse-yilmaz-gebze"),
            ("call_to_action", "Write to Yılmaz in Gebze prison"),
        ):
            with self.subTest(field=field):
                response = self.client.post(LINK, {**good, field: value})
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        response = self.client.post(
            ENTRY,
            {
                "kind": "update",
                "date": "2026-01-05",
                "source_url": "https://news.example/tr/ayse-yilmaz-gebze-tutuklandi",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("source_url", response.context["form"].errors)
        self.assertFalse(CaseLink.objects.filter(case=self.protected).exists())
        self.assertFalse(TimelineEntry.objects.filter(source_url__contains="news").exists())
        self.assert_public_channels_clean()

    def test_finding_4_a_non_coordinator_of_the_organization_has_no_oracle(self):
        self.client.force_login(self.org_admin)
        for guess in ("Gebze", "Yılmaz", "Istanbul", "Mehmet"):
            with self.subTest(guess=guess):
                response = self.client.post(EDIT, edit_data(display_name=guess))
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(b"full name", response.content)
        response = self.client.post(
            API_ENTRY,
            {"kind": "update", "date": "2026-01-05", "note": "Ankara Gebze Yılmaz Kaya"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.post(ENTRY, {"kind": "update"}).status_code, 403)
        case = Case.objects.get(pk=self.protected.pk)
        self.assertEqual((case.slug, case.display_name), ("a-y", "A.Y."))
        self.assertEqual(case.entries.count(), 2)

    def test_finding_9_the_audit_log_forgets_the_name_a_case_had_before_protection(self):
        self.client.force_login(self.coordinator)
        new = {
            **edit_data(display_name="Fatma Kaya", full_name="Fatma Kaya", city="Bursa"),
            "protected": "",
            "organization": self.alpha.pk,
        }
        self.assertEqual(self.client.post("/coalitions/united/cases/new/", new).status_code, 302)
        self.assertEqual(self.client.get("/cases/fatma-kaya/").status_code, 200)
        # A crawler has the sitemap cached with the case's first address...
        self.assertContains(self.client.get("/sitemap-items.xml"), "/cases/fatma-kaya/")
        protect = {**new, "display_name": "F.K.", "protected": "on"}
        response = self.client.post("/coalitions/united/cases/fatma-kaya/edit/", protect)
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.org_admin)
        urls = ("/orgs/alpha/audit/", "/api/v1/organizations/alpha/audit", "/cases/")
        # ...which is gone at once: the cached sitemap follows the public index.
        for url in (*urls, "/sitemap-items.xml", "/sitemap.xml"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("fatma", folded(response.content.decode()))
                self.assertNotIn("kaya", folded(response.content.decode()))
        self.assertEqual(self.client.get("/cases/fatma-kaya/").status_code, 404)
        self.assertContains(self.client.get("/orgs/alpha/audit/"), "F.K.")

    def test_finding_16_a_link_must_stay_on_this_site_or_go_to_a_web_address(self):
        self.client.force_login(self.coordinator)
        url = "/coalitions/united/cases/mehmet-demir/links/new/"
        for address in (
            "/\\evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%255Cevil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/\x01/evil.example",
            "https://good.example\\@evil.example",
        ):
            with self.subTest(address=address):
                response = self.client.post(url, {"kind": "event", "title": "x", "url": address})
                self.assertEqual(response.status_code, 400)
                self.assertIn("url", response.context["form"].errors)
        self.assertFalse(CaseLink.objects.exists())
        for fine in ("/e/vigil/", "https://appeals.example/free", "/c/united/?x=1#act"):
            with self.subTest(address=fine):
                response = self.client.post(url, {"kind": "event", "title": "x", "url": fine})
                self.assertEqual(response.status_code, 302)

    @override_settings(MEDIA_ROOT=tempfile.mkdtemp())
    def test_finding_17_no_shared_cache_keeps_a_case_photo(self):
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(out, format="PNG")
        photo = SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")
        self.client.force_login(self.coordinator)
        new = {
            **edit_data(display_name="K.S.", full_name="Kemal Sarı", city="Kocaeli"),
            "protected": "",
            "photo": photo,
        }
        self.assertEqual(self.client.post("/coalitions/united/cases/new/", new).status_code, 302)
        self.client.logout()
        response = self.client.get("/cases/ks/photo/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])
        max_age = int(response["Cache-Control"].partition("max-age=")[2].split(",")[0] or 0)
        self.assertLessEqual(max_age, 60)
