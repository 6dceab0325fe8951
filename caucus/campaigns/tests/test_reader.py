"""The reader's zone: `?tz=`, else the cookie (as the script writes it, URL-encoded, or as the
selector's view sets it), else UTC; nothing a reader sends makes it fail."""

from django.test import RequestFactory, SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from caucus.campaigns.reader import COOKIE, reader_zone


class ReaderZoneTestCase(SimpleTestCase):
    def zone(self, query: str = "", cookie: str | None = None) -> str:
        request = RequestFactory().get("/" + query)
        if cookie is not None:
            request.COOKIES[COOKIE] = cookie
        return reader_zone(request).key

    def test_the_scripts_encoded_cookie_and_the_selectors_plain_one(self):
        self.assertEqual(self.zone(cookie="Asia%2FBaku"), "Asia/Baku")
        self.assertEqual(self.zone(cookie="America/Santiago"), "America/Santiago")
        self.assertEqual(self.zone("?tz=Europe/Istanbul", cookie="Asia%2FBaku"), "Europe/Istanbul")

    def test_unknown_names_fall_back(self):
        self.assertEqual(self.zone("?tz=Mars/Olympus", cookie="Asia%2FBaku"), "Asia/Baku")
        self.assertEqual(self.zone(cookie="%E0%A4%A"), "UTC")
        self.assertEqual(self.zone(cookie="../../etc/localtime"), "UTC")

    @given(st.text(max_size=60), st.text(max_size=60))
    def test_anything_gives_a_zone(self, query, cookie):
        request = RequestFactory().get("/", {"tz": query})
        request.COOKIES[COOKIE] = cookie
        self.assertTrue(reader_zone(request).key)
