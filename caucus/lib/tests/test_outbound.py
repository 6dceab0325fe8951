"""The SSRF guard on redirects (caucus/lib/outbound.py): every hop of a GET is checked again,
so a public server cannot send us on to our own network; POSTs are never followed."""

import socket
from unittest import mock

from django.test import SimpleTestCase, override_settings

from caucus.lib import outbound

PUBLIC = "93.184.216.34"  # what allowed.example and elsewhere.example resolve to here


class FakeAnswer:
    def __init__(self, status: int, headers: dict[str, str]):
        self.status, self._headers = status, headers

    def read(self, limit: int) -> bytes:
        return b""

    def getheaders(self):
        return list(self._headers.items())


class FakeServers:
    """Stands in for the pinned connections: records where each went, answers from `routes`
    (host → (status, Location)); a host not in `routes` answers 200."""

    def __init__(self, routes: dict[str, tuple[int, str]]):
        self.routes, self.connections = routes, []

    def connection(self, host, port, address, timeout):
        servers = self

        class Connection:
            def request(self, method, target, body=None, headers=None):
                servers.connections.append((method, host, address, target))

            def getresponse(self):
                status, location = servers.routes.get(host, (200, ""))
                return FakeAnswer(status, {"Location": location} if location else {})

            def close(self):
                pass

        return Connection()


def resolver(host, port, *args, **kwargs):
    names = {
        "allowed.example": PUBLIC,
        "elsewhere.example": PUBLIC,
        "internal.example": "10.1.2.3",
    }
    address = names.get(host, host)  # address literals resolve to themselves
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


@override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
class RedirectGuardTestCase(SimpleTestCase):
    def fetch(self, routes, method="GET", url="https://allowed.example/actor", sign=None):
        servers = FakeServers(routes)
        with (
            mock.patch.object(outbound, "_PinnedHTTPSConnection", servers.connection),
            mock.patch.object(outbound, "_PinnedHTTPConnection", servers.connection),
            mock.patch("socket.getaddrinfo", side_effect=resolver),
        ):
            try:
                return outbound.request(method, url, headers={}, sign=sign), servers.connections
            except outbound.FetchError as exc:
                return exc, servers.connections

    def test_a_redirect_to_our_own_network_is_refused(self):
        for target in (
            "https://127.0.0.1/admin/",
            "https://10.0.0.5/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/",
            "https://internal.example/",  # a name that resolves to a private address
            "http://elsewhere.example/",  # plain http, even to a public address
        ):
            routes = {"allowed.example": (302, target)}
            result, connections = self.fetch(routes)
            self.assertIsInstance(result, outbound.FetchError, target)
            # Refused before connecting: only the first, allowed host was reached.
            self.assertEqual(connections, [("GET", "allowed.example", PUBLIC, "/actor")], target)

    def test_a_redirect_to_another_public_host_is_followed_and_signed_again(self):
        signed = []

        def sign(url):
            signed.append(url)
            return {"Signature": url}

        routes = {"allowed.example": (301, "https://elsewhere.example/users/a")}
        response, connections = self.fetch(routes, sign=sign)
        self.assertEqual(response.status, 200)
        self.assertEqual([c[1] for c in connections], ["allowed.example", "elsewhere.example"])
        self.assertEqual(
            signed, ["https://allowed.example/actor", "https://elsewhere.example/users/a"]
        )

    def test_every_status_that_redirects_is_checked(self):
        for status in (301, 302, 303, 307, 308):
            routes = {"allowed.example": (status, "https://10.0.0.5/")}
            result, connections = self.fetch(routes)
            self.assertIsInstance(result, outbound.FetchError, status)
            self.assertEqual(len(connections), 1, status)

    def test_a_post_is_never_redirected(self):
        routes = {"allowed.example": (307, "https://127.0.0.1/inbox")}
        response, connections = self.fetch(routes, method="POST")
        self.assertEqual(response.status, 307)
        self.assertEqual(connections, [("POST", "allowed.example", PUBLIC, "/actor")])

    def test_three_redirects_at_most(self):
        routes = {
            "allowed.example": (302, "https://elsewhere.example/"),
            "elsewhere.example": (302, "https://allowed.example/"),
        }
        result, connections = self.fetch(routes)
        self.assertIsInstance(result, outbound.FetchError)
        self.assertEqual(len(connections), outbound.MAX_REDIRECTS + 1)

    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=True)
    def test_the_development_allowance_lets_a_redirect_reach_loopback(self):
        routes = {"allowed.example": (302, "https://127.0.0.1/actor")}
        response, connections = self.fetch(routes)
        self.assertEqual(response.status, 200)
        self.assertEqual(connections[-1], ("GET", "127.0.0.1", "127.0.0.1", "/actor"))


@override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
class UnsendableURLTestCase(SimpleTestCase):
    """A URL http.client cannot put on the wire is refused like any other (FetchError), not
    raised as whatever http.client throws: callers catch FetchError only."""

    def send(self, url: str, headers: dict[str, str] | None = None):
        refused = OSError("the test reached for the network")
        with (
            mock.patch("socket.getaddrinfo", side_effect=resolver),
            mock.patch("socket.create_connection", side_effect=refused) as connect,
        ):
            with self.assertRaises(outbound.FetchError, msg=url) as caught:
                outbound.request("POST", url, headers=headers or {}, body=b"{}")
        return caught.exception, connect

    def test_it_refuses_a_path_that_is_not_ascii_before_connecting(self):
        for url in (
            "https://allowed.example/users/jos\u00e9/inbox",
            "https://allowed.example/inbox?to=\u00e9",
            "https://allowed.example/in box",
        ):
            error, connect = self.send(url)
            self.assertIn("ASCII", str(error), url)
            self.assertFalse(connect.called, url)

    def test_it_refuses_a_bad_port_or_an_unclosed_ipv6_literal(self):
        for url in (
            "https://allowed.example:99999/inbox",
            "https://allowed.example:ab/inbox",
            "https://[::1/inbox",
        ):
            self.send(url)

    def test_a_header_it_cannot_encode_is_a_fetch_error(self):
        error, connect = self.send("https://allowed.example/inbox", {"X-Name": "\u2603"})
        self.assertIn("UnicodeEncodeError", str(error))
        self.assertFalse(connect.called)

    def test_it_tells_which_urls_it_can_send(self):
        self.assertTrue(outbound.is_http_url("https://allowed.example/users/jos%C3%A9"))
        self.assertTrue(outbound.is_http_url("http://allowed.example:8080/"))
        for url in (
            "https://allowed.example/users/jos\u00e9",
            "javascript://allowed.example/%0Aalert(1)",
            "https:///inbox",
            "https://allowed.example:99999/",
            "",
            None,
        ):
            self.assertFalse(outbound.is_http_url(url), url)
