"""Our payloads against what Mastodon's documentation says it reads (docs.joinmastodon.org,
spec/activitypub, spec/security, spec/webfinger), so a Mastodon user sees the coalition as an
account, statements as linked posts and actions as events."""

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.federation.models import Activity, FederatedObject
from caucus.federation.tests.base import SITE, FederationTestCase

# spec/activitypub, "Properties used" for profiles (what a profile shows).
PROFILE = [
    "preferredUsername",
    "name",
    "summary",
    "type",
    "url",
    "manuallyApprovesFollowers",
    "discoverable",
    "publicKey",
    "attachment",
    "published",
    "inbox",
    "outbox",
    "followers",
]
MASTODON_ACTOR_TYPES = {"Person", "Service", "Group", "Organization", "Application"}


class MastodonPayloadTestCase(FederationTestCase):
    def test_the_actor_has_every_property_mastodon_reads(self):
        self.alpha.website = "https://alpha.example"
        self.alpha.save()
        actor = self.get_ap("/o/alpha/").json()
        for name in PROFILE:
            self.assertIn(name, actor, name)
        self.assertIn(actor["type"], MASTODON_ACTOR_TYPES)
        # spec/security: keyId is the actor and a fragment; owner points back to the actor.
        self.assertEqual(actor["publicKey"]["id"], actor["id"] + "#main-key")
        self.assertIn("https://w3id.org/security/v1", actor["@context"])
        # spec/activitypub, profile metadata: PropertyValue with name and HTML value.
        website = next(f for f in actor["attachment"] if f["name"] == "Website")
        self.assertEqual(website["type"], "PropertyValue")
        self.assertIn('href="https://alpha.example"', website["value"])
        context = actor["@context"][2]
        self.assertEqual(context["PropertyValue"], "schema:PropertyValue")
        self.assertEqual(context["discoverable"], "toot:discoverable")

    def test_webfinger_matches_mastodons_sample_flow(self):
        data = self.client.get("/.well-known/webfinger", {"resource": "acct:united@testserver"})
        data = data.json()
        self.assertTrue(data["subject"].startswith("acct:"))
        types = {link["rel"]: link.get("type") for link in data["links"]}
        self.assertEqual(types["self"], "application/activity+json")
        self.assertEqual(types["http://webfinger.net/rel/profile-page"], "text/html")

    def test_a_statement_is_an_article_with_name_url_and_content(self):
        self.run_commit(self.make_published, teaser="Short teaser")
        article = FederatedObject.objects.get(kind="statement").data
        # spec/activitypub: converted types use content (or name) and append the url.
        self.assertEqual(article["type"], "Article")
        for name in ("name", "url", "content", "published", "attributedTo", "to", "cc"):
            self.assertTrue(article[name], name)
        self.assertEqual(article["summary"], "Short teaser")
        create = Activity.objects.get(type="Create")
        self.assertEqual(create.payload["actor"], article["attributedTo"])
        self.assertEqual(create.payload["to"], article["to"])
        self.assertTrue(create.payload["id"].startswith(SITE + "/ap/activities/"))

    def test_an_action_is_an_event_mastodon_converts(self):
        campaign = self.run_commit(make_campaign, self.coalition)
        self.run_commit(make_event, campaign, self.alpha)
        event = FederatedObject.objects.get(kind="event").data
        self.assertEqual(event["type"], "Event")  # among Mastodon's converted types
        self.assertTrue(event["name"])
        self.assertTrue(event["url"].startswith(SITE + "/events/"))
        # ActivityStreams dates with an offset (Mastodon and FEP-8a8e parse ISO 8601).
        self.assertRegex(event["startTime"], r"[+-]\d\d:\d\d$")

    def test_html_is_only_what_mastodons_sanitizer_keeps_or_turns_into_paragraphs(self):
        self.run_commit(self.make_published, body="Hello <script>alert(1)</script> **world**")
        content = FederatedObject.objects.get(kind="statement").data["content"]
        self.assertNotIn("<script", content)
        self.assertIn("<strong>world</strong>", content)
