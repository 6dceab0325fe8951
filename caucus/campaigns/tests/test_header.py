"""A campaign's header image: uploaded on the campaign form by the coalition's coordinators,
checked like the logos, removable, logged, and shown above the campaign's title (issue 15)."""

from django.test import override_settings

from caucus.audit.models import AuditEntry
from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.tests.images import not_a_picture, picture, stored_without_metadata
from caucus.coalitions.tests.test_images import MediaTestCase
from caucus.test import LOGIN, OK, PermissionMatrix, expect

URL = "/campaigns/spring/edit/"


def campaign_form(**changes) -> dict:
    data = {
        "title": "Spring of Action",
        "slug": "spring",
        "summary": "Two weeks",
        "starts_on": "2031-03-01",
        "ends_on": "2031-03-14",
        "hashtag": "#Spring",
        "status": "planned",
        "registration": "hosts",
        "language": "en",
    }
    data.update(changes)
    return data


class CampaignHeaderSetup(MediaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)


class CampaignHeaderTestCase(CampaignHeaderSetup):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **changes):
        return self.client.post(URL, campaign_form(**changes))

    def test_a_coordinator_uploads_a_header_without_its_metadata(self):
        response = self.post(header=picture())
        self.assertRedirects(response, "/campaigns/spring/", fetch_redirect_response=False)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.header.name.startswith("headers/"))
        stored_without_metadata(self, self.campaign.header)
        self.assertTrue(AuditEntry.objects.filter(action="campaign.updated").exists())

    def test_the_remove_checkbox_removes_it(self):
        self.post(header=picture())
        self.post(**{"header-clear": "on"})
        self.campaign.refresh_from_db()
        self.assertFalse(self.campaign.header)
        self.assertEqual(AuditEntry.objects.filter(action="campaign.updated").count(), 2)

    def test_the_form_is_multipart(self):
        page = self.client.get(URL)
        self.assertContains(page, 'enctype="multipart/form-data"')
        self.assertContains(page, 'name="header"')

    def test_it_refuses_a_file_that_is_not_an_image(self):
        response = self.post(header=not_a_picture())
        self.assertEqual(response.status_code, 400)
        self.assertIn("header", response.context["form"].errors)
        self.campaign.refresh_from_db()
        self.assertFalse(self.campaign.header)

    @override_settings(LOGO_MAX_BYTES=1024)
    def test_it_refuses_a_header_that_is_too_large(self):
        response = self.post(header=picture(size=(600, 200)))
        self.assertIn("too large", str(response.context["form"].errors["header"]))

    def test_the_campaign_page_shows_it_from_the_public_media_folder(self):
        self.post(header=picture())
        self.campaign.refresh_from_db()
        self.client.logout()
        page = self.client.get("/campaigns/spring/")
        self.assertContains(page, f'class="banner" src="/media/{self.campaign.header.name}"')
        self.assertEqual(self.client.get(self.campaign.header.url).status_code, 200)


class CampaignHeaderPermissionTestCase(PermissionMatrix, CampaignHeaderSetup):
    watched = ["campaigns.Campaign", "audit.AuditEntry"]

    def test_only_coordinators_upload(self):
        expected = expect(403, anonymous=LOGIN, coordinator=OK)
        self.check("post", URL, expected, lambda: campaign_form(header=picture()))
