"""WebFinger, host-meta, NodeInfo and actor documents by content negotiation on the pages."""

import json

from django.core.cache import cache
from django.test import override_settings

from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import Coalition
from caucus.federation import actors
from caucus.federation.keys import ensure_keys
from caucus.federation.models import LocalActor
from caucus.federation.tests.base import AP, LD, SITE, FederationTestCase
from caucus.organizations.models import Organization


class WebFingerTestCase(FederationTestCase):
    def finger(self, resource):
        return self.client.get("/.well-known/webfinger", {"resource": resource})

    def test_it_resolves_a_coalition_by_acct(self):
        response = self.finger("acct:united@testserver")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/jrd+json")
        data = response.json()
        self.assertEqual(data["subject"], "acct:united@testserver")
        self_link = next(link for link in data["links"] if link["rel"] == "self")
        self.assertEqual(self_link["type"], AP)
        self.assertEqual(self_link["href"], f"{SITE}/c/united/")

    @override_settings(SITE_URL="http://127.0.0.1:8000")
    def test_the_host_keeps_its_port_and_is_found_without_it(self):
        for resource in ("acct:united@127.0.0.1:8000", "acct:united@127.0.0.1"):
            data = self.finger(resource).json()
            self.assertEqual(data["subject"], "acct:united@127.0.0.1:8000")
            self.assertEqual(data["links"][0]["href"], "http://127.0.0.1:8000/c/united/")

    def test_it_resolves_the_actor_url_itself(self):
        data = self.finger(f"{SITE}/o/alpha/").json()
        self.assertEqual(data["subject"], "acct:alpha@testserver")

    def test_the_round_trip_gives_the_same_id(self):
        for path in ("/c/united/", "/o/alpha/", "/ap/actor"):
            actor = self.get_ap(path).json()
            host = actor["id"].split("/")[2]
            data = self.finger(f"acct:{actor['preferredUsername']}@{host}").json()
            self.assertEqual(data["links"][0]["href"], actor["id"])

    def test_a_missing_resource_is_400(self):
        self.assertEqual(self.client.get("/.well-known/webfinger").status_code, 400)

    def test_unknown_private_and_foreign_resources_are_404(self):
        Organization.objects.filter(pk=self.beta.pk).update(is_public=False)
        for resource in (
            "acct:nobody@testserver",
            "acct:beta@testserver",
            "acct:united@elsewhere.example",
            "mailto:united@testserver",
            "https://elsewhere.example/c/united/",
        ):
            self.assertEqual(self.finger(resource).status_code, 404, resource)

    def test_a_slug_shared_by_two_kinds_gets_a_suffix(self):
        Coalition.objects.create(slug="alpha", name="Alpha coalition")
        self.assertEqual(
            self.finger("acct:alpha@testserver").json()["links"][0]["href"], f"{SITE}/c/alpha/"
        )
        data = self.finger("acct:alpha.org@testserver").json()
        self.assertEqual(data["links"][0]["href"], f"{SITE}/o/alpha/")
        self.assertEqual(self.get_ap("/o/alpha/").json()["preferredUsername"], "alpha.org")

    def test_host_meta_points_to_webfinger(self):
        response = self.client.get("/.well-known/host-meta")
        self.assertContains(response, "/.well-known/webfinger?resource={uri}")
        self.assertEqual(response["Content-Type"], "application/xrd+xml")


class NodeInfoTestCase(FederationTestCase):
    def test_it_links_and_describes_nodeinfo_2_1(self):
        links = self.client.get("/.well-known/nodeinfo").json()["links"]
        self.assertEqual(links[0]["rel"], "http://nodeinfo.diaspora.software/ns/schema/2.1")
        data = self.client.get(links[0]["href"].removeprefix(SITE)).json()
        self.assertEqual(data["version"], "2.1")
        self.assertRegex(data["software"]["name"], r"^[a-z0-9-]+$")
        self.assertTrue(data["software"]["version"])
        self.assertEqual(data["protocols"], ["activitypub"])
        self.assertIs(data["openRegistrations"], False)
        self.assertIn("inbound", data["services"])
        self.assertIn("metadata", data)

    def test_it_counts_public_things_only(self):
        before = self.client.get("/nodeinfo/2.1").json()["usage"]["users"]["total"]
        Organization.objects.filter(pk=self.beta.pk).update(is_public=False)
        cache.clear()
        after = self.client.get("/nodeinfo/2.1").json()["usage"]["users"]["total"]
        self.assertEqual(before - after, 1)
        self.assertEqual(before, 4)  # alpha, beta, gamma and the coalition "united"

    def test_local_posts_are_the_public_items_only(self):
        import datetime as dt

        import time_machine
        from django.utils import timezone

        from caucus.campaigns.tests.helpers import make_event
        from caucus.statements import services

        def local_posts() -> int:
            return self.client.get("/nodeinfo/2.1").json()["usage"]["localPosts"]

        self.assertEqual(local_posts(), 0)
        self.run_commit(self.make_published)
        self.assertEqual(local_posts(), 1)
        later = timezone.now() + dt.timedelta(days=2)
        scheduled = self.make_coalition_draft(title="Later")
        self.run_commit(
            services.statement_publish,
            statement=scheduled,
            actor=self.coordinator,
            published_at=later,
        )
        self.run_commit(self.make_coalition_draft, title="Draft")
        campaign = self.run_commit(make_campaign, self.coalition)
        self.run_commit(make_event, campaign, None, approval="pending", title="Proposal")
        self.assertEqual(local_posts(), 2)  # and the campaign: not the scheduled, the draft,
        # the host's proposal not yet approved
        with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
            self.assertEqual(local_posts(), 3)


class ActorDocumentTestCase(FederationTestCase):
    def test_each_kind_is_served_at_its_page_by_negotiation(self):
        campaign = make_campaign(self.coalition)
        for path, kind in (
            ("/c/united/", "Group"),
            ("/o/alpha/", "Organization"),
            (f"/campaigns/{campaign.slug}/", "Group"),
        ):
            for accept in (AP, LD):
                response = self.get_ap(path, accept)
                self.assertEqual(response.status_code, 200, path)
                self.assertEqual(response["Content-Type"], AP)
                self.assertIn("Accept", response["Vary"])
                data = response.json()
                self.assertEqual(data["id"], SITE + path)
                self.assertEqual(data["type"], kind)
                self.assertIn("https://www.w3.org/ns/activitystreams", data["@context"])
                self.assertRegex(data["preferredUsername"], actors.USERNAME)
                for name in ("inbox", "outbox", "followers", "following"):
                    self.assertTrue(data[name].startswith(SITE + "/ap/"))
                self.assertEqual(data["endpoints"]["sharedInbox"], SITE + "/ap/inbox")
                key = data["publicKey"]
                self.assertEqual(key["owner"], data["id"])
                self.assertEqual(key["id"], data["id"] + "#main-key")
                self.assertIn("BEGIN PUBLIC KEY", key["publicKeyPem"])
                self.assertIs(data["manuallyApprovesFollowers"], False)
                self.assertIs(data["discoverable"], True)

    def test_browsers_still_get_html_with_vary_and_the_alternate_link(self):
        response = self.client.get("/c/united/", HTTP_ACCEPT="text/html,*/*;q=0.8")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/html"))
        self.assertIn("Accept", response["Vary"])
        self.assertContains(
            response,
            f'<link rel="alternate" type="application/activity+json" href="{SITE}/c/united/">',
        )

    def test_a_private_coalition_has_no_actor(self):
        self.coalition.is_public = False
        self.coalition.save()
        self.assertEqual(self.get_ap("/c/united/").status_code, 404)
        self.client.force_login(self.coordinator)
        page = self.client.get("/c/united/")
        self.assertNotContains(page, "application/activity+json")

    def test_a_member_only_coalition_shows_no_member_list(self):
        data = json.dumps(self.get_ap("/c/united/").json())
        for org in (self.alpha, self.gamma):
            self.assertNotIn(org.name, data)
            self.assertNotIn(org.slug, data.replace("/c/united/", ""))

    def test_keys_are_made_once_and_stored_encrypted(self):
        first = self.get_ap("/c/united/").json()["publicKey"]["publicKeyPem"]
        second = self.get_ap("/c/united/").json()["publicKey"]["publicKeyPem"]
        self.assertEqual(first, second)
        actor = LocalActor.objects.get(kind="coalition")
        self.assertEqual(ensure_keys(actor).public_key, first)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT private_key FROM federation_localactor WHERE id = %s", [actor.pk]
            )
            stored = cursor.fetchone()[0]
        self.assertNotIn("PRIVATE KEY", stored)
        self.assertIn("PRIVATE KEY", actor.private_key)

    def test_a_lost_key_race_reads_the_winners_key(self):
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        stale = LocalActor.objects.get(pk=actor.pk)
        winner = ensure_keys(actor)
        self.assertEqual(ensure_keys(stale).public_key, winner.public_key)
        self.assertEqual(stale.private_key, winner.private_key)

    def test_the_instance_actor_is_an_application(self):
        data = self.get_ap("/ap/actor").json()
        self.assertEqual(data["type"], "Application")
        self.assertEqual(data["id"], SITE + "/ap/actor")
