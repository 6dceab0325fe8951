"""The RSVP confirmation link: a relative redirect, and a reused link that says what it did."""

import re

from django.core import mail
from django.test import override_settings

from caucus.campaigns.models import Rsvp, RsvpState
from caucus.campaigns.tasks import manage_path
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.campaigns.tokens import rsvp_confirm_tokens, rsvp_manage_tokens
from caucus.test import BaseTestCase, on_test_day

SECRET = "Back room of 9 Quiet Lane"


# The site answers at "testserver" while its configured address is another one, as when a
# person opens it at localhost and SITE_URL says 127.0.0.1:8000.
@override_settings(SITE_URL="http://127.0.0.1:8000")
@on_test_day
class RsvpConfirmLinkTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha, address=SECRET, address_visibility="rsvp")

    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/events/{self.event.uid}/rsvp/", {"name": "Pat", "email": "pat@example.net"}
            )
        confirm = re.search(r"http://\S+/events/rsvp/confirm/\S+/", mail.outbox[-1].body)
        self.confirm_path = confirm.group(0).split("127.0.0.1:8000", 1)[-1]
        self.rsvp = Rsvp.objects.get()

    def test_emailed_links_stay_absolute(self):
        self.assertIn("http://127.0.0.1:8000/events/rsvp/confirm/", mail.outbox[-1].body)

    def test_it_redirects_to_the_rsvp_by_a_relative_address(self):
        response = self.client.post(self.confirm_path)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], manage_path(self.rsvp))
        self.assertTrue(response["Location"].startswith("/events/rsvp/"))
        self.assertContains(self.client.get(response["Location"]), SECRET)

    def test_a_reused_link_says_already_confirmed_and_links_to_the_rsvp(self):
        self.client.post(self.confirm_path)
        for method in (self.client.get, self.client.post):
            response = method(self.confirm_path)
            self.assertContains(response, "You are already confirmed")
            self.assertContains(response, f'href="{manage_path(self.rsvp)}"')
            self.assertNotContains(response, SECRET)
        self.rsvp.refresh_from_db()
        self.assertEqual(self.rsvp.state, RsvpState.CONFIRMED)

    def test_cancelling_a_confirmed_rsvp_says_the_address_will_be_hidden(self):
        self.client.post(self.confirm_path)
        page = self.client.post(manage_path(self.rsvp))
        self.assertContains(page, "Its address, shown only to people who are coming, is hidden.")
        self.assertNotContains(page, SECRET)
        self.assertEqual(Rsvp.objects.get().state, RsvpState.CONFIRMED)

    def test_a_reused_link_of_a_cancelled_rsvp_is_refused(self):
        self.client.post(self.confirm_path)
        self.client.post(manage_path(self.rsvp), {"confirm": "1"})
        self.assertEqual(Rsvp.objects.get().state, RsvpState.CANCELLED)
        response = self.client.get(self.confirm_path)
        self.assertEqual(response.status_code, 410)
        self.assertNotContains(response, manage_path(self.rsvp), status_code=410)

    def test_forged_links_are_still_refused(self):
        self.client.post(self.confirm_path)
        token = self.confirm_path.rstrip("/").rsplit("/", 1)[-1]
        # A manage token signed for another purpose, a tampered signature, another RSVP.
        manage = rsvp_manage_tokens.make(self.rsvp.pk, "anything")
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        other = rsvp_confirm_tokens.make(self.rsvp.pk + 1000, "x")
        for bad in (manage, tampered, other):
            response = self.client.get(f"/events/rsvp/confirm/{bad}/")
            self.assertEqual(response.status_code, 404, bad)
            self.assertNotContains(response, "already confirmed", status_code=404)
