"""Every limit and record of a client goes through caucus.lib.network behind the trusted proxies.

Each test sends requests from the proxy (REMOTE_ADDR 127.0.0.1, trusted) carrying different
X-Forwarded-For: each forwarded client has a budget of its own, and the signature records the
forwarded client's prefix. The same header from a peer that is not trusted changes nothing:
the peer is the client. test_network.py covers the walk through the header itself.
"""

import json

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail
from django.test import RequestFactory, override_settings

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Event
from caucus.campaigns.tests.helpers import event_post, make_campaign
from caucus.campaigns.tests.test_api import event_body
from caucus.lib.network import client_ip
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SIGNER, SignaturesTestCase
from caucus.solidarity.models import Follower
from caucus.solidarity.tests.base import CaseTestCase
from caucus.test import PASSWORD, BaseTestCase, Client, on_test_day

PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR
STRANGER = "203.0.113.9"  # a peer that is not a trusted proxy
# Two clients in one /24, one elsewhere: the limits count networks (/24, /48).
ONE, SAME_NETWORK, OTHER = "198.51.100.7", "198.51.100.8", "192.0.2.7"

behind_the_proxy = override_settings(TRUSTED_PROXIES=[PROXY])


def via(forwarded_for: str, remote: str = PROXY) -> dict:
    """Request options for a request from `remote` that says it forwards `forwarded_for`."""
    return {"REMOTE_ADDR": remote, "headers": {"X-Forwarded-For": forwarded_for}}


@behind_the_proxy
class LoginLimitsTestCase(BaseTestCase):
    """allauth's limits (accounts/adapter.py get_client_ip): failed logins count per client."""

    TOO_MANY = "Too many failed login attempts"

    def log_in(self, password: str, **options):
        data = {"login": self.delegate.email, "password": password}
        return Client().post("/accounts/login/", data, **options)

    def assertThrottled(self, response) -> None:
        self.assertContains(response, self.TOO_MANY)

    def assertLetThrough(self, response) -> None:
        self.assertNotContains(response, self.TOO_MANY, status_code=response.status_code)

    def test_allauth_keys_its_limits_on_the_forwarded_client(self):
        request = RequestFactory().post("/accounts/login/", **via(f"{ONE}, 10.0.0.1"))
        with override_settings(TRUSTED_PROXIES=[PROXY, "10.0.0.0/8"]):
            self.assertEqual(str(client_ip(request)), ONE)
            self.assertEqual(allauth_ratelimit.get_ip(request), ONE)

    @override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
    def test_failed_logins_throttle_one_forwarded_client_and_not_another(self):
        for _ in range(3):
            self.assertLetThrough(self.log_in("wrong password", **via(ONE)))
        self.assertThrottled(self.log_in("wrong password", **via(ONE)))
        # Even the right password waits: the limit is on the client, not on the guess.
        self.assertThrottled(self.log_in(PASSWORD, **via(ONE)))
        # Another visitor behind the same balancer signs in.
        response = self.log_in(PASSWORD, **via(OTHER))
        self.assertLetThrough(response)
        self.assertEqual(response.status_code, 302)

    @override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
    def test_a_forged_header_from_an_untrusted_peer_changes_nothing(self):
        for n in range(3):
            self.assertLetThrough(self.log_in("wrong", **via(f"198.51.100.{n}", STRANGER)))
        # A new forged address each time does not buy new attempts: the peer is the client.
        self.assertThrottled(self.log_in("wrong", **via("192.0.2.200", STRANGER)))
        self.assertThrottled(self.log_in(PASSWORD, **via(OTHER, STRANGER)))
        # The proxy's clients are counted apart from that peer.
        self.assertEqual(self.log_in(PASSWORD, **via(OTHER)).status_code, 302)

    @override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/m/ip"})
    def test_password_resets_count_per_forwarded_client(self):
        def reset(address: str):
            return Client().post(
                "/accounts/password/reset/", {"email": "x@example.net"}, **via(address)
            )

        self.assertEqual([reset(ONE).status_code for _ in range(3)], [302, 302, 429])
        self.assertEqual(reset(OTHER).status_code, 302)


@behind_the_proxy
class SigningTestCase(SignaturesTestCase):
    def sign_via(self, email: str, forwarded_for: str, remote: str = PROXY):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/s/{self.statement.slug}/sign/",
                {**SIGNER, "email": email},
                **via(forwarded_for, remote),
            )

    def prefix_of(self, email: str) -> str:
        return next(s.ip_prefix for s in Signature.objects.all() if s.email == email)

    def test_the_signature_stores_the_forwarded_clients_truncated_prefix(self):
        self.assertEqual(self.sign_via("v4@example.net", ONE).status_code, 302)
        self.assertEqual(self.sign_via("v6@example.net", "2001:db8:1:2::7").status_code, 302)
        self.assertEqual(self.prefix_of("v4@example.net"), "198.51.100.0/24")
        self.assertEqual(self.prefix_of("v6@example.net"), "2001:db8:1::/48")

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1)
    def test_each_forwarded_network_has_its_own_budget(self):
        self.assertEqual(self.sign_via("a@example.net", ONE).status_code, 302)
        self.assertEqual(self.sign_via("b@example.net", OTHER).status_code, 302)
        self.assertEqual(self.sign_via("c@example.net", SAME_NETWORK).status_code, 429)
        self.assertEqual(Signature.objects.count(), 2)

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1)
    def test_a_forged_header_from_an_untrusted_peer_is_ignored(self):
        self.assertEqual(self.sign_via("a@example.net", ONE, STRANGER).status_code, 302)
        self.assertEqual(self.prefix_of("a@example.net"), "203.0.113.0/24")
        self.assertEqual(self.sign_via("b@example.net", OTHER, STRANGER).status_code, 429)


@behind_the_proxy
class FollowingTestCase(CaseTestCase):
    def follow_via(self, email: str, forwarded_for: str, remote: str = PROXY):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/cases/a-y/follow/", {"email": email}, **via(forwarded_for, remote)
            )

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1)
    def test_each_forwarded_network_has_its_own_budget(self):
        self.assertEqual(self.follow_via("a@example.net", ONE).status_code, 302)
        self.assertEqual(self.follow_via("b@example.net", OTHER).status_code, 302)
        self.assertEqual(self.follow_via("c@example.net", SAME_NETWORK).status_code, 429)
        self.assertEqual(Follower.objects.count(), 2)

    @override_settings(SIGNATURE_RATE_PER_PREFIX=1)
    def test_a_forged_header_from_an_untrusted_peer_is_ignored(self):
        self.assertEqual(self.follow_via("a@example.net", ONE, STRANGER).status_code, 302)
        self.assertEqual(self.follow_via("b@example.net", OTHER, STRANGER).status_code, 429)
        self.assertEqual(len(mail.outbox), 1)


@behind_the_proxy
@override_settings(HOST_RATE_PER_NETWORK=1)
class HostProposalsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    def propose_via(self, contact: str, forwarded_for: str, remote: str = PROXY):
        post = {**event_post(), "host_name": "Friends", "host_contact": contact}
        url = f"/campaigns/{self.campaign.slug}/host/"
        return self.client.post(url, post, **via(forwarded_for, remote))

    def test_each_forwarded_network_has_its_own_budget(self):
        self.assertEqual(self.propose_via("a@example.net", ONE).status_code, 200)
        self.assertEqual(self.propose_via("b@example.net", OTHER).status_code, 200)
        self.assertEqual(self.propose_via("c@example.net", SAME_NETWORK).status_code, 429)
        self.assertEqual(Event.objects.count(), 2)

    def test_a_forged_header_from_an_untrusted_peer_is_ignored(self):
        self.assertEqual(self.propose_via("a@example.net", ONE, STRANGER).status_code, 200)
        self.assertEqual(self.propose_via("b@example.net", OTHER, STRANGER).status_code, 429)


@on_test_day
@behind_the_proxy
class ApiLimitsTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, registration="hosts")

    def propose_via(self, contact: str, forwarded_for: str, remote: str = PROXY):
        body = event_body(host_name="Friends", host_contact=contact, city="Lima", country="PE")
        return Client().post(
            f"/api/v1/campaigns/{self.campaign.slug}/hosts",
            json.dumps(body),
            content_type="application/json",
            **via(forwarded_for, remote),
        )

    def read_via(self, forwarded_for: str, remote: str = PROXY):
        return Client().get("/api/v1/organizations", **via(forwarded_for, remote))

    @override_settings(HOST_RATE_PER_NETWORK=1)
    def test_host_proposals_count_per_forwarded_network(self):
        self.assertEqual(self.propose_via("a@example.net", ONE).status_code, 202)
        self.assertEqual(self.propose_via("b@example.net", OTHER).status_code, 202)
        self.assertEqual(self.propose_via("c@example.net", SAME_NETWORK).status_code, 429)

    @override_settings(HOST_RATE_PER_NETWORK=1)
    def test_host_proposals_ignore_a_forged_header_from_an_untrusted_peer(self):
        self.assertEqual(self.propose_via("a@example.net", ONE, STRANGER).status_code, 202)
        self.assertEqual(self.propose_via("b@example.net", OTHER, STRANGER).status_code, 429)

    @override_settings(API_RATE_PER_NETWORK=2)
    def test_the_network_limit_counts_per_forwarded_network(self):
        statuses = [self.read_via(address).status_code for address in (ONE, SAME_NETWORK, ONE)]
        self.assertEqual(statuses, [200, 200, 429])
        self.assertEqual(self.read_via(OTHER).status_code, 200)
        self.assertEqual(self.read_via("2001:db8:1:2::7").status_code, 200)

    @override_settings(API_RATE_PER_NETWORK=2)
    def test_the_network_limit_ignores_a_forged_header_from_an_untrusted_peer(self):
        statuses = [self.read_via(f"192.0.2.{n}", STRANGER).status_code for n in range(3)]
        self.assertEqual(statuses, [200, 200, 429])
        self.assertEqual(self.read_via(OTHER).status_code, 200)
