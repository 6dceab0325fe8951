"""A coalition's logo and header image: uploaded on its settings page by its coordinators,
checked and re-encoded like an organization's logo, removable, logged, and shown on the public
page from this site's public media folders (issue 15)."""

import shutil
import tempfile

from django.test import override_settings

from caucus.audit.models import AuditEntry
from caucus.coalitions.tests.images import not_a_picture, picture, stored_without_metadata
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

MEDIA = tempfile.mkdtemp(prefix="caucus-media-")
URL = "/coalitions/united/edit/"


def settings_form(**changes) -> dict:
    data = {
        "name": "United Coalition",
        "slug": "united",
        "description": "",
        "language": "en",
        "member_list": "members",
        "is_public": "on",
    }
    data.update(changes)
    return data


class MediaTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enterClassContext(override_settings(MEDIA_ROOT=MEDIA))
        cls.addClassCleanup(shutil.rmtree, MEDIA, ignore_errors=True)


class CoalitionImagesTestCase(MediaTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **changes):
        return self.client.post(URL, settings_form(**changes))

    def test_a_coordinator_uploads_a_logo_and_a_header(self):
        response = self.post(logo=picture("logo.jpg", (64, 64)), header=picture())
        self.assertRedirects(response, "/coalitions/united/", fetch_redirect_response=False)
        self.coalition.refresh_from_db()
        self.assertTrue(self.coalition.logo.name.startswith("logos/"))
        self.assertTrue(self.coalition.header.name.startswith("headers/"))
        stored_without_metadata(self, self.coalition.logo)
        stored_without_metadata(self, self.coalition.header)
        entry = AuditEntry.objects.get(action="coalition.updated")
        self.assertEqual(entry.data["fields"], "logo, header")

    def test_the_remove_checkbox_removes_the_header(self):
        self.post(header=picture())
        response = self.post(**{"header-clear": "on"})
        self.assertEqual(response.status_code, 302)
        self.coalition.refresh_from_db()
        self.assertFalse(self.coalition.header)
        self.assertEqual(AuditEntry.objects.filter(data__fields="header").count(), 2)

    def test_the_settings_page_is_a_multipart_form_with_both_fields(self):
        page = self.client.get(URL)
        self.assertContains(page, 'enctype="multipart/form-data"')
        self.assertContains(page, 'name="logo"')
        self.assertContains(page, 'name="header"')
        self.assertContains(page, 'accept="image/png,image/jpeg,image/webp"')

    def test_it_refuses_a_file_that_is_not_an_image(self):
        response = self.post(header=not_a_picture())
        self.assertEqual(response.status_code, 400)
        self.assertIn("header", response.context["form"].errors)
        self.coalition.refresh_from_db()
        self.assertFalse(self.coalition.header)
        self.assertFalse(AuditEntry.objects.filter(action="coalition.updated").exists())

    @override_settings(LOGO_MAX_BYTES=1024)
    def test_it_refuses_an_image_that_is_too_large(self):
        response = self.post(logo=picture("logo.jpg", (400, 400)))
        self.assertEqual(response.status_code, 400)
        self.assertIn("too large", str(response.context["form"].errors["logo"]))
        self.coalition.refresh_from_db()
        self.assertFalse(self.coalition.logo)

    def test_the_public_page_shows_them_from_the_public_media_folders(self):
        self.post(logo=picture("logo.jpg", (64, 64)), header=picture())
        self.coalition.refresh_from_db()
        self.client.logout()
        page = self.client.get("/c/united/")
        self.assertContains(page, f'src="/media/{self.coalition.header.name}"')
        self.assertContains(page, "Header image of")
        self.assertContains(page, f'src="/media/{self.coalition.logo.name}"')
        for field in (self.coalition.logo, self.coalition.header):
            response = self.client.get(field.url)
            self.assertEqual(response.status_code, 200, field.url)

    def test_the_creation_form_has_no_upload(self):
        self.assertNotContains(self.client.get("/coalitions/new/"), 'name="header"')


class CoalitionImagesPermissionTestCase(PermissionMatrix, MediaTestCase):
    watched = ["coalitions.Coalition", "audit.AuditEntry"]

    def test_only_coordinators_upload(self):
        expected = expect(403, anonymous=LOGIN, coordinator=OK)
        self.check("post", URL, expected, lambda: settings_form(header=picture()))
