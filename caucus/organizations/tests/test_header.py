"""An organization's header image: uploaded on the profile form beside the logo, through the
same checks, removable, logged, and shown as a strip on the public page (issue 15)."""

from django.test import override_settings

from caucus.audit.models import AuditEntry
from caucus.coalitions.tests.images import not_a_picture, picture, stored_without_metadata
from caucus.coalitions.tests.test_images import MediaTestCase
from caucus.test import LOGIN, OK, PermissionMatrix, expect

URL = "/orgs/alpha/edit/"


def profile_form(**changes) -> dict:
    data = {
        "name": "Alpha Union",
        "short_name": "ALPHA",
        "slug": "alpha",
        "country": "TR",
        "languages": ["en"],
        "language": "en",
    }
    data.update(changes)
    return data


class OrganizationHeaderTestCase(MediaTestCase):
    def setUp(self):
        self.client.force_login(self.org_admin)

    def post(self, **changes):
        return self.client.post(URL, profile_form(is_public="on", **changes))

    def test_an_admin_uploads_a_header_without_its_metadata(self):
        response = self.post(header=picture())
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        self.alpha.refresh_from_db()
        self.assertTrue(self.alpha.header.name.startswith("headers/"))
        stored_without_metadata(self, self.alpha.header)
        entry = AuditEntry.objects.get(action="organization.updated")
        self.assertEqual(entry.data["fields"], "header")

    def test_the_remove_checkbox_removes_it(self):
        self.post(header=picture())
        self.post(**{"header-clear": "on"})
        self.alpha.refresh_from_db()
        self.assertFalse(self.alpha.header)

    def test_it_refuses_a_file_that_is_not_an_image(self):
        response = self.post(header=not_a_picture())
        self.assertEqual(response.status_code, 400)
        self.assertIn("header", response.context["form"].errors)
        self.alpha.refresh_from_db()
        self.assertFalse(self.alpha.header)

    @override_settings(LOGO_MAX_BYTES=1024)
    def test_it_refuses_a_header_that_is_too_large(self):
        response = self.post(header=picture(size=(600, 200)))
        self.assertIn("too large", str(response.context["form"].errors["header"]))
        self.alpha.refresh_from_db()
        self.assertFalse(self.alpha.header)

    def test_the_public_page_shows_it_and_the_media_route_serves_it(self):
        self.post(header=picture())
        self.alpha.refresh_from_db()
        self.client.logout()
        page = self.client.get("/o/alpha/")
        self.assertContains(page, f'class="banner" src="/media/{self.alpha.header.name}"')
        self.assertEqual(self.client.get(self.alpha.header.url).status_code, 200)


class OrganizationHeaderPermissionTestCase(PermissionMatrix, MediaTestCase):
    """The profile's guard (organizations.permissions): alpha's people with a second factor."""

    watched = ["organizations.Organization", "audit.AuditEntry"]

    def test_only_alpha_people_with_a_second_factor_upload(self):
        alpha = dict.fromkeys(("delegate", "editor", "org_admin", "coordinator"), OK)
        expected = expect(403, anonymous=LOGIN, **alpha)
        self.check("post", URL, expected, lambda: profile_form(header=picture()))
