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


class ReportTestCase(BaseTestCase):
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
