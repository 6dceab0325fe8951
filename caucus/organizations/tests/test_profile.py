import io
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from caucus.audit.models import AuditEntry
from caucus.organizations.models import Organization
from caucus.test import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="caucus-media-")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 64), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (41.0, 0.0, 0.0), 1: "N"}  # GPSInfo: latitude
    exif[0x010F] = "SpyCam"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class EditProfileTestCase(BaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def form(self, **changes):
        data = {
            "name": "Alpha Union",
            "short_name": "ALPHA",
            "slug": "alpha",
            "country": "TR",
            "languages": ["tr", "en"],
            "website": "https://alpha.example.org",
            "description": "We **organize**.",
            "is_public": "on",
        }
        data.update(changes)
        return data

    def setUp(self):
        self.client.force_login(self.delegate)

    def test_any_role_edits_the_profile(self):
        response = self.client.post("/orgs/alpha/edit/", self.form())
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        self.alpha.refresh_from_db()
        self.assertEqual(self.alpha.languages, ["tr", "en"])
        self.assertEqual(self.alpha.description_html, "<p>We <strong>organize</strong>.</p>\n")
        entry = AuditEntry.objects.get(action="organization.updated")
        self.assertIn("languages", entry.data["fields"])

    def test_it_sanitizes_the_description(self):
        self.client.post(
            "/orgs/alpha/edit/",
            self.form(
                description="<script>alert(1)</script> [x](javascript:alert(1)) ![i](https://evil.example/t.png)"
            ),
        )
        self.alpha.refresh_from_db()
        html = self.alpha.description_html
        self.assertNotIn("<script", html)
        self.assertNotIn('href="javascript:', html)
        self.assertNotIn("evil.example", html)
        page = self.client.get("/o/alpha/")
        self.assertNotContains(page, "<script>alert")

    def test_it_refuses_bad_fields_and_changes_nothing(self):
        response = self.client.post(
            "/orgs/alpha/edit/",
            self.form(country="XX", languages=["zz"], website="ftp://x", slug="bad slug!", name=""),
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        for field in ["country", "languages", "website", "slug", "name"]:
            self.assertIn(field, errors)
        self.assertEqual(Organization.objects.get(pk=self.alpha.pk).name, "Alpha Union")
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_refuses_a_slug_taken_by_another_org(self):
        response = self.client.post("/orgs/alpha/edit/", self.form(slug="beta"))
        self.assertIn("slug", response.context["form"].errors)
        self.assertTrue(Organization.objects.filter(slug="alpha").exists())

    def test_the_logo_loses_its_metadata(self):
        upload = SimpleUploadedFile("logo.jpg", jpeg_with_gps(), content_type="image/jpeg")
        self.client.post("/orgs/alpha/edit/", {**self.form(), "logo": upload})
        self.alpha.refresh_from_db()
        with self.alpha.logo.open("rb") as stored, Image.open(stored) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertEqual(dict(image.getexif()), {})
            self.assertEqual(image.size, (64, 64))
        self.assertFalse(self.alpha.logo.name.endswith("logo.jpg"))

    def test_it_refuses_a_file_that_is_not_an_image(self):
        upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = self.client.post("/orgs/alpha/edit/", {**self.form(), "logo": upload})
        self.assertIn("logo", response.context["form"].errors)
        self.alpha.refresh_from_db()
        self.assertFalse(self.alpha.logo)

    @override_settings(LOGO_MAX_BYTES=1000)
    def test_it_refuses_a_logo_that_is_too_large(self):
        upload = SimpleUploadedFile(
            "logo.jpg", jpeg_with_gps() + b"\0" * 2000, content_type="image/jpeg"
        )
        response = self.client.post("/orgs/alpha/edit/", {**self.form(), "logo": upload})
        self.assertIn("too large", str(response.context["form"].errors["logo"]))
