"""Outside hosts: the public form, missing fields, and the coordinators' review."""

from caucus.campaigns.models import Approval, Event, Registration
from caucus.campaigns.tests.helpers import event_post, make_campaign
from caucus.test import BaseTestCase

HOST = {
    "host_name": "Neighbours Assoc.",
    "host_contact": "host@example.net",
    "host_message": "Hello",
}


class HostFormTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.url = f"/campaigns/{cls.campaign.slug}/host/"

    def test_it_stores_a_pending_proposal_hidden_from_the_public(self):
        response = self.client.post(self.url, {**event_post(), **HOST})
        self.assertEqual(response.status_code, 200)
        event = Event.objects.get()
        self.assertEqual((event.approval, event.organization), (Approval.PENDING, None))
        self.assertEqual(self.client.get(event.get_absolute_url()).status_code, 404)
        self.assertNotContains(
            self.client.get(f"/campaigns/{self.campaign.slug}/calendar/"), event.title
        )
        self.assertFalse(self.campaign.places.exists())

    def test_it_refuses_missing_fields(self):
        response = self.client.post(self.url, {"title": "x"})
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        for field in ("host_name", "host_contact", "kind", "city", "start", "end"):
            self.assertIn(field, errors)
        self.assertFalse(Event.objects.exists())

    def test_it_is_closed_for_member_only_campaigns(self):
        self.campaign.registration = Registration.MEMBERS
        self.campaign.save()
        self.assertEqual(self.client.post(self.url, {**event_post(), **HOST}).status_code, 404)
        self.assertFalse(Event.objects.exists())

    def test_only_coordinators_review(self):
        self.client.post(self.url, {**event_post(), **HOST})
        event = Event.objects.get()
        review = f"/campaigns/{self.campaign.slug}/hosts/{event.uid}/review/"
        for user in (self.delegate, self.org_admin, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.post(review, {"decision": "approved"}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.post(review, {"decision": "approved"}).status_code, 302)
        event.refresh_from_db()
        self.assertEqual(event.approval, Approval.PENDING)
        self.client.force_login(self.coordinator)
        response = self.client.post(review, {"decision": "needs_info"})
        self.assertEqual(response.status_code, 400)  # a note is required
        self.client.post(review, {"decision": "approved"})
        event.refresh_from_db()
        self.assertEqual(event.approval, Approval.APPROVED)
        self.assertEqual(self.campaign.places.get().events, 1)
        self.assertNotContains(self.client.get(event.get_absolute_url()), "host@example.net")
