"""After the event: the report, estimated attendance, and photos with their metadata stripped."""

import io
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from caucus.campaigns.models import EventPhoto
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 2.0, 3.0)}  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


class ReportBase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp(prefix="caucus-campaigns-media-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha)
        cls.url = f"/events/{cls.event.uid}/report/"


class ReportTestCase(ReportBase):
    def test_it_saves_the_report_and_a_photo_without_metadata(self):
        original = jpeg_with_gps()
        self.assertIn(b"SecretCam", original)
        self.client.force_login(self.delegate)
        response = self.client.post(
            self.url,
            {
                "report": "We were **many**.",
                "attendance": "350",
                "caption": "The square",
                "photo": SimpleUploadedFile("p.jpg", original, "image/jpeg"),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertEqual(self.event.attendance, 350)
        self.assertIn("<strong>many</strong>", self.event.report_html)
        photo = EventPhoto.objects.get()
        stored = photo.image.read()
        self.assertNotIn(b"SecretCam", stored)
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual(dict(image.getexif()), {})
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, photo.image.url)
        self.assertContains(page, "The square")

    def test_it_refuses_a_file_that_is_not_an_image_and_changes_nothing(self):
        self.client.force_login(self.delegate)
        response = self.client.post(
            self.url,
            {
                "report": "Report",
                "attendance": "-3",
                "photo": SimpleUploadedFile("p.jpg", b"not an image", "image/jpeg"),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("attendance", response.context["form"].errors)
        response = self.client.post(
            self.url,
            {"report": "Report", "photo": SimpleUploadedFile("p.jpg", b"nope", "image/jpeg")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("photo", response.context["form"].errors)
        self.event.refresh_from_db()
        self.assertEqual(self.event.report, "")
        self.assertFalse(EventPhoto.objects.exists())

    def test_outsiders_cannot_report(self):
        self.client.force_login(self.outsider)
        response = self.client.post(self.url, {"report": "Fake"})
        self.assertEqual(response.status_code, 403)
        self.event.refresh_from_db()
        self.assertEqual(self.event.report, "")


class RemovePhotoTestCase(ReportBase):
    """The report page lists its photos; the organizers remove one (file and all)."""

    def setUp(self):
        super().setUp()
        self.client.force_login(self.delegate)
        self.client.post(
            self.url,
            {
                "report": "Report",
                "caption": "Faces in the crowd",
                "photo": SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"),
            },
        )
        self.photo = EventPhoto.objects.get()
        self.remove = f"/events/{self.event.uid}/photos/{self.photo.pk}/remove/"

    def test_the_report_page_offers_removal(self):
        page = self.client.get(self.url)
        self.assertContains(page, self.photo.image.url)
        self.assertContains(page, f'href="{self.remove}"')
        self.assertNotContains(page, f'action="{self.remove}"')

    def test_removal_asks_first_on_a_page_showing_the_photo(self):
        page = self.client.get(self.remove)
        self.assertContains(page, "Remove a photo from the report")
        self.assertContains(page, "Faces in the crowd")
        self.assertContains(page, self.photo.image.url)
        self.assertContains(page, "The photo leaves the report on <bdi>")
        self.assertContains(page, f'href="{self.url}">Cancel</a>')
        self.assertTrue(EventPhoto.objects.filter(pk=self.photo.pk).exists())

    def test_it_removes_the_photo_and_its_file(self):
        name = self.photo.image.name
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.remove)
        self.assertRedirects(response, self.url)
        self.assertFalse(EventPhoto.objects.exists())
        self.assertFalse(self.photo.image.storage.exists(name))
        from caucus.audit.models import AuditEntry

        self.assertTrue(AuditEntry.objects.filter(action="event.photo_removed").exists())
        self.assertEqual(self.client.post(self.remove).status_code, 404)

    def test_only_the_organizers_remove_or_see_the_confirmation(self):
        for user in (self.outsider, self.nomfa, self.operator):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.remove).status_code, 403)
                self.assertEqual(self.client.post(self.remove).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(self.remove).status_code, 302)  # to sign in
        self.assertEqual(self.client.post(self.remove).status_code, 302)
        self.assertTrue(EventPhoto.objects.filter(pk=self.photo.pk).exists())

    def test_a_photo_of_another_event_is_not_found_here(self):
        other = make_event(self.campaign, self.alpha, title="Other")
        path = f"/events/{other.uid}/photos/{self.photo.pk}/remove/"
        self.assertEqual(self.client.post(path).status_code, 404)
        self.assertTrue(EventPhoto.objects.filter(pk=self.photo.pk).exists())
