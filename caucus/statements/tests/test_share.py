"""What the Mastodon share form accepts as a server: a host name and maybe a port, nothing that
could carry the reader anywhere else (audit #15)."""

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from caucus.statements.forms import MastodonForm, server_name


class ServerNameTestCase(SimpleTestCase):
    @given(st.text(max_size=80))
    def test_anything_typed_is_refused_or_a_bare_host(self, typed):
        host = server_name(typed)
        if host is None:
            self.assertFalse(MastodonForm({"instance": typed}).is_valid())
            return
        self.assertRegex(host, r"\A[a-z0-9.-]+(:[0-9]{1,5})?\Z")
        self.assertEqual(server_name(host), host)  # stable: what is shown is what is linked

    @given(st.from_regex(r"\A[a-z]{1,10}(\.[a-z]{2,8}){1,2}\Z"), st.integers(1, 65535))
    def test_ordinary_names_and_ports_pass(self, name, port):
        self.assertEqual(server_name(name), name)
        self.assertEqual(server_name(f"{name}:{port}"), f"{name}:{port}")
