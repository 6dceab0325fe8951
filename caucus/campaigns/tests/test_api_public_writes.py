"""The API's public writes (RSVPs, outside hosts' proposals) tell nobody who has answered, and
slow down past their limits per network and per address, like the web forms."""

import json

from django.core import mail
from django.test import override_settings

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Event, Rsvp
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.campaigns.tests.test_api import event_body
from caucus.test import on_test_day


@on_test_day
class PublicWritesTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, registration="hosts")
        cls.event = make_event(cls.campaign, cls.alpha)

    def rsvp(self, email: str, name: str = "Probe"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.call(
                self.as_("anonymous"),
                "post",
                f"/events/{self.event.uid}/rsvps",
                {"name": name, "email": email},
            )

    def propose(self, contact: str = "friends@example.net"):
        body = event_body(host_name="Friends", host_contact=contact, city="Lima", country="PE")
        return self.call(self.as_("anonymous"), "post", "/campaigns/spring/hosts", body)

    def test_an_address_that_already_answered_gets_the_same_answer(self):
        first = self.rsvp("probe@example.net")
        again = self.rsvp("probe@example.net")
        fresh = self.rsvp("fresh@example.net")
        self.assertEqual(first.status_code, 202)
        self.assertEqual((again.status_code, again.json()), (202, first.json()))
        self.assertEqual((fresh.status_code, fresh.json()), (202, first.json()))
        self.assertEqual(Rsvp.objects.count(), 2)
        subjects = [(m.to, m.subject) for m in mail.outbox]
        self.assertEqual(subjects[1][0], ["probe@example.net"])
        self.assertIn("already answered", subjects[1][1])

    def test_forty_rsvps_in_a_row_from_one_network_are_slowed_down(self):
        statuses = [self.rsvp(f"p{n}@example.net").status_code for n in range(40)]
        self.assertEqual(statuses.count(202), 20)  # RSVP_RATE_PER_NETWORK
        self.assertEqual(set(statuses[20:]), {429})
        self.assertEqual(len(mail.outbox), 20)
        refused = self.rsvp("late@example.net")
        self.assertEqual(refused["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("try again in", refused.json()["detail"])
        self.assertTrue(1 <= int(refused["Retry-After"]) <= 600)

    @override_settings(RSVP_RATE_PER_NETWORK=0)
    def test_one_address_is_slowed_down_too(self):
        statuses = [self.rsvp("target@example.net").status_code for _ in range(12)]
        self.assertEqual(statuses, [202] * 10 + [429] * 2)  # RSVP_RATE_PER_ADDRESS
        self.assertEqual(len(mail.outbox), 2)  # the confirmation and one reminder

    def test_the_answers_network_comes_through_the_trusted_proxies(self):
        with self.settings(TRUSTED_PROXIES=["127.0.0.1"], RSVP_RATE_PER_NETWORK=1):
            client = self.as_("anonymous")
            path = f"/events/{self.event.uid}/rsvps"
            for n, address in enumerate(["198.51.100.7", "203.0.113.7", "198.51.100.8"]):
                response = client.post(
                    "/api/v1" + path,
                    json.dumps({"name": "P", "email": f"x{n}@example.net"}),
                    content_type="application/json",
                    headers={"X-Forwarded-For": address},
                )
                self.assertEqual(response.status_code, 429 if n == 2 else 202)

    @override_settings(HOST_RATE_PER_NETWORK=2)
    def test_host_proposals_slow_down_per_network(self):
        statuses = [self.propose(f"h{n}@example.net").status_code for n in range(3)]
        self.assertEqual(statuses, [202, 202, 429])
        self.assertEqual(Event.objects.filter(organization=None).count(), 2)

    @override_settings(HOST_RATE_PER_NETWORK=0, HOST_RATE_PER_ADDRESS=1)
    def test_host_proposals_slow_down_per_contact_address(self):
        self.assertEqual(self.propose("Friends@example.net").status_code, 202)
        self.assertEqual(self.propose("friends@example.net").status_code, 429)
        self.assertEqual(self.propose("other@example.net").status_code, 202)
