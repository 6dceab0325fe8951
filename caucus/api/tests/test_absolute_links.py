"""Every absolute link in an API answer is on SITE_URL (caucus/lib/urls.py), whatever Host or
X-Forwarded-Host the request came with: anyone can send any Host, and behind a proxy it is not
the public address (issue 18)."""

import re
from collections.abc import Iterator

from django.test import override_settings

from caucus.api.tests import test_osdi

OSDI = test_osdi.OSDI

SITE = "https://caucus.example"
# A site that trusts whatever Host it is sent, behind a proxy that forwards its own: the worst
# case for links built from the request.
FOREIGN = [
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "internal:8000", "HTTP_X_FORWARDED_HOST": "evil.example"},
]


URL = re.compile(r"[a-z]+://[^\s\"'<>]+")


def links(value: object) -> Iterator[str]:
    """Every absolute URL in a JSON answer, however deep, in HTML strings too."""
    if isinstance(value, dict):
        for item in value.values():
            yield from links(item)
    elif isinstance(value, list):
        for item in value:
            yield from links(item)
    elif isinstance(value, str):
        yield from URL.findall(value)


@override_settings(SITE_URL=SITE + "/", ALLOWED_HOSTS=["*"], USE_X_FORWARDED_HOST=True)
class AbsoluteLinksTestCase(test_osdi.OsdiTestCase):
    def fetch(self, path: str, headers: dict) -> dict:
        response = self.client.get(path, **headers)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def assertOnSite(self, path: str, *, expected: int) -> dict:
        """Each answer to `path` under a foreign host links only to SITE, `expected` times."""
        for headers in FOREIGN:
            with self.subTest(path=path, headers=headers):
                body = self.fetch(path, headers)
                found = list(links(body))
                self.assertEqual(len(found), expected, found)
                for url in found:
                    self.assertNotIn("evil.example", url)
                    self.assertNotIn("internal", url)
                    if not url.startswith("https://osdi-docs"):  # OSDI's curie, not ours
                        self.assertTrue(url.startswith(SITE + "/"), url)
        return body

    def test_pages_link_to_the_site_and_keep_the_query(self):
        body = self.assertOnSite("/api/v1/organizations?page=2&page_size=1", expected=2)
        query = "&page_size=1"
        self.assertEqual(body["next"], f"{SITE}/api/v1/organizations?page=3{query}")
        self.assertEqual(body["previous"], f"{SITE}/api/v1/organizations?page=1{query}")

    def test_a_campaign_and_its_event_link_to_the_site(self):
        body = self.assertOnSite("/api/v1/campaigns/spring", expected=2)
        self.assertEqual(body["url"], f"{SITE}/campaigns/spring/")
        event = self.assertOnSite(f"/api/v1/events/{self.event.uid}", expected=2)
        self.assertEqual(event["url"], f"{SITE}/events/{self.event.uid}/")

    def test_the_embed_links_to_the_site(self):
        body = self.assertOnSite("/api/v1/statements/declaration/embed", expected=8)
        self.assertIn(f'src="{SITE}/s/declaration/signatures/counter/"', body["counter_html"])
        self.assertIn(f'href="{SITE}/s/declaration/"', body["html"])  # one slash between

    def test_osdi_links_to_the_site(self):
        self.assertOnSite(OSDI + "/", expected=4)
        body = self.assertOnSite(OSDI + "/petitions?per_page=1", expected=6)
        self.assertEqual(
            body["_links"]["self"]["href"], f"{SITE}{OSDI}/petitions?per_page=1&page=1"
        )
        petition = body["_embedded"]["osdi:petitions"][0]
        self.assertEqual(petition["browser_url"], f"{SITE}/s/declaration/")
        events = self.assertOnSite(OSDI + "/events", expected=5)
        self.assertEqual(
            events["_embedded"]["osdi:events"][0]["browser_url"],
            f"{SITE}/events/{self.event.uid}/",
        )
