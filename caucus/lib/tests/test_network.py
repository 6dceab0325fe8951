"""Who the client is behind the operator's proxies, and that nobody can claim another address."""

import ipaddress

from django.test import RequestFactory, SimpleTestCase, override_settings
from hypothesis import given
from hypothesis import strategies as st

from caucus.accounts.checks import check_trusted_proxies
from caucus.lib.network import client_ip, client_network

rf = RequestFactory()


def ip_of(remote: str, **headers) -> str:
    request = rf.get("/", REMOTE_ADDR=remote, **headers)
    return str(client_ip(request))


class ClientAddressTestCase(SimpleTestCase):
    def test_it_uses_the_peer_when_no_proxy_is_trusted(self):
        self.assertEqual(ip_of("203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_it_ignores_forged_headers_from_an_untrusted_peer(self):
        self.assertEqual(ip_of("203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"), "203.0.113.9")
        self.assertEqual(ip_of("203.0.113.9", HTTP_FORWARDED="for=198.51.100.1"), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_it_takes_the_rightmost_untrusted_hop(self):
        # The client sent a forged first hop; our proxy appended the real address after it.
        forged = "1.2.3.4, 198.51.100.7"
        self.assertEqual(ip_of("10.0.0.2", HTTP_X_FORWARDED_FOR=forged), "198.51.100.7")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
    def test_it_skips_several_trusted_hops(self):
        chain = "198.51.100.7, 192.0.2.1, 10.1.2.3"
        self.assertEqual(ip_of("10.0.0.2", HTTP_X_FORWARDED_FOR=chain), "198.51.100.7")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_every_hop_trusted_means_the_leftmost(self):
        self.assertEqual(ip_of("10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 10.1.1.1"), "10.9.9.9")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_a_garbage_hop_stops_at_the_last_trusted_proxy(self):
        self.assertEqual(
            ip_of("10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, unknown"), "10.0.0.2"
        )
        self.assertEqual(ip_of("10.0.0.2", HTTP_X_FORWARDED_FOR=""), "10.0.0.2")

    @override_settings(TRUSTED_PROXIES=["::1", "fd00::/8"])
    def test_ipv6_hops_and_ports(self):
        self.assertEqual(ip_of("::1", HTTP_X_FORWARDED_FOR="2001:db8::5, fd00::1"), "2001:db8::5")
        self.assertEqual(ip_of("::ffff:198.51.100.7"), "198.51.100.7")
        with self.settings(FORWARDED_HEADER="Forwarded"):
            self.assertEqual(
                ip_of("::1", HTTP_FORWARDED='for="[2001:db8::5]:4711";proto=https'), "2001:db8::5"
            )

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_a_client_cannot_name_itself_in_the_header_the_proxy_does_not_write(self):
        """nginx appends to X-Forwarded-For and passes a client's `Forwarded` through: the
        address the client wrote there must count for nothing."""
        headers = {
            "HTTP_FORWARDED": "for=192.0.2.60;proto=http, for=198.51.100.17:8080",
            "HTTP_X_FORWARDED_FOR": "203.0.113.1",
        }
        self.assertEqual(ip_of("127.0.0.1", **headers), "203.0.113.1")
        with self.settings(FORWARDED_HEADER="forwarded"):
            self.assertEqual(ip_of("127.0.0.1", **headers), "198.51.100.17")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_the_network_is_a_24_or_a_48(self):
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        self.assertEqual(client_network(request), "198.51.100.0/24")
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:1:2::9")
        self.assertEqual(client_network(request), "2001:db8:1::/48")
        self.assertEqual(client_network(rf.get("/", REMOTE_ADDR="nonsense")), "")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    @given(st.lists(st.text(max_size=40), max_size=6), st.ip_addresses())
    def test_an_untrusted_peer_is_always_the_client(self, hops, peer):
        if any(peer in ipaddress.ip_network(n) for n in ["10.0.0.0/8"] if peer.version == 4):
            return
        request = rf.get("/", REMOTE_ADDR=str(peer), HTTP_X_FORWARDED_FOR=",".join(hops))
        got = client_ip(request)
        expected = peer.ipv4_mapped if peer.version == 6 and peer.ipv4_mapped else peer
        self.assertEqual(got, expected)

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    @given(st.text(max_size=200), st.text(max_size=200))
    def test_any_header_value_gives_an_address_or_the_proxy(self, xff, forwarded):
        request = rf.get(
            "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=xff, HTTP_FORWARDED=forwarded
        )
        self.assertIsNotNone(client_ip(request))


class TrustedProxiesCheckTestCase(SimpleTestCase):
    def ids(self):
        return {message.id for message in check_trusted_proxies(None)}

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=[])
    def test_behind_a_proxy_without_trusted_proxies_is_an_error(self):
        self.assertIn("caucus.E004", self.ids())

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_with_trusted_proxies_it_is_fine(self):
        self.assertNotIn("caucus.E004", self.ids())

    @override_settings(TRUSTED_PROXIES=["not-an-address"])
    def test_a_bad_entry_is_an_error(self):
        self.assertIn("caucus.E003", self.ids())

    @override_settings(FORWARDED_HEADER="X-Real-IP")
    def test_a_header_we_cannot_read_is_an_error(self):
        self.assertIn("caucus.E007", self.ids())

    def test_both_headers_we_read_are_fine(self):
        for header in ["X-Forwarded-For", "forwarded"]:
            with self.settings(FORWARDED_HEADER=header):
                self.assertNotIn("caucus.E007", self.ids())
