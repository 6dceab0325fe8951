"""Outside hosts: the public form, missing fields, and the coordinators' review, told to the
host in the language they proposed in."""

import re

from django.core import mail
from django.test import override_settings

from caucus.campaigns.models import Approval, CampaignTranslation, Event, Registration
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

    @override_settings(HOST_RATE_PER_NETWORK=2)
    def test_it_slows_down_a_busy_network_and_keeps_what_was_typed(self):
        for n in range(2):
            post = {**event_post(), **HOST, "host_contact": f"h{n}@example.net"}
            self.assertEqual(self.client.post(self.url, post).status_code, 200)
        response = self.client.post(self.url, {**event_post(), **HOST})
        self.assertContains(response, "try again in", status_code=429)
        self.assertContains(response, "Neighbours Assoc.", status_code=429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 3600)
        self.assertEqual(Event.objects.count(), 2)

    @override_settings(HOST_RATE_PER_NETWORK=0, HOST_RATE_PER_ADDRESS=1)
    def test_it_slows_down_one_contact_address(self):
        self.assertEqual(self.client.post(self.url, {**event_post(), **HOST}).status_code, 200)
        again = {**event_post(), **HOST, "host_contact": "HOST+2@example.net"}
        self.assertEqual(self.client.post(self.url, again).status_code, 429)
        other = {**event_post(), **HOST, "host_contact": "other@example.net"}
        self.assertEqual(self.client.post(self.url, other).status_code, 200)

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

    def test_the_host_is_told_the_decision_and_note(self):
        self.client.post(self.url, {**event_post(), **HOST})
        event = Event.objects.get()
        review = f"/campaigns/{self.campaign.slug}/hosts/{event.uid}/review/"
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                review, {"decision": "needs_info", "note": "Which square exactly?"}
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["host@example.net"])
        self.assertIn("Needs information", message.subject)
        self.assertIn("Which square exactly?", message.body)
        path = re.search(r"https?://[^/\s]+(/campaigns/proposal/\S+/)", message.body).group(1)
        # The host adds what was asked, through the link, without signing in.
        self.client.logout()
        form = self.client.get(path)
        self.assertContains(form, "Which square exactly?")
        self.assertContains(form, "Rally at the ministry")
        bad = self.client.post(path, {**event_post(end="2031-03-04T17:00"), **HOST})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("end", bad.context["form"].errors)
        event.refresh_from_db()
        self.assertEqual(event.approval, Approval.NEEDS_INFO)
        sent = self.client.post(
            path, {**event_post(venue="Taksim Square, north side"), **HOST, "host_contact": "x@y.z"}
        )
        self.assertEqual(sent.status_code, 200)
        event.refresh_from_db()
        self.assertEqual(event.approval, Approval.PENDING)
        self.assertEqual(event.venue, "Taksim Square, north side")
        self.assertEqual(event.host_contact, "host@example.net")  # not changeable by the link
        self.assertEqual(self.client.get(path).status_code, 404)  # used once
        self.assertEqual(self.client.get("/campaigns/proposal/forged:token/").status_code, 404)
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(review, {"decision": "approved"})
        self.assertIn(event.get_absolute_url(), mail.outbox[1].body)
        self.assertEqual(self.client.get(path).status_code, 404)

    def test_the_host_is_told_in_the_language_they_proposed_in(self):
        CampaignTranslation.objects.create(
            campaign=self.campaign, language="es", title="Primavera de acción"
        )
        self.client.post(self.url, {**event_post(), **HOST}, headers={"accept-language": "es"})
        event = Event.objects.get()
        self.assertEqual(event.host_language, "es")
        # The coordinator reviews in English: the host still reads Spanish.
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/campaigns/{self.campaign.slug}/hosts/{event.uid}/review/",
                {"decision": "needs_info", "note": "¿En qué plaza?"},
                headers={"accept-language": "en"},
            )
        (message,) = mail.outbox
        self.assertEqual(message.subject, "Rally at the ministry: Falta información")
        self.assertIn(
            "La coordinación de Primavera de acción revisó su acción Rally at the ministry: "
            "Falta información.",
            message.body,
        )
        self.assertIn('<html lang="es" dir="ltr">', message.alternatives[0][0])
