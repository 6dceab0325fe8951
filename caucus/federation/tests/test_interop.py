"""Interoperability: a real fediverse server on localhost (fediverse.py, signing and verifying
with apsig, not our code) follows the coalition through our real HTTP server, receives a
signed Accept, then a Create when a statement is published and a Delete when it is withdrawn;
after Undo it receives nothing more. With the demo data (`make run` loads it), it finds the
demo coalition, an organization and the campaign by WebFinger and follows all three."""

import time
from io import StringIO

from django.core.management import call_command
from django.test import LiveServerTestCase, override_settings

from caucus.coalitions.models import Coalition
from caucus.federation.models import Follower
from caucus.federation.tests.fediverse import Fediverse
from caucus.statements import services
from caucus.test import make_user

BODY = "Workers of every country stand together.\n"


@override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=True, STATEMENT_PAGE_CACHE_SECONDS=0)
class InteroperabilityTestCase(LiveServerTestCase):
    def setUp(self):
        self.coalition = Coalition.objects.create(slug="united", name="United Coalition")
        self.coordinator = make_user("coordinator@example.org", "Cora Coordinator")
        self.fediverse = Fediverse().__enter__()
        self.addCleanup(self.fediverse.__exit__)
        settings = override_settings(SITE_URL=self.live_server_url)
        settings.enable()
        self.addCleanup(settings.disable)

    def publish(self, title: str):
        statement = services.statement_create(
            actor=self.coordinator,
            author_coalition=self.coalition,
            title=title,
            body=BODY,
            language="en",
        )
        services.statement_publish(statement=statement, actor=self.coordinator)
        statement.refresh_from_db()
        return statement

    def test_a_fediverse_account_follows_receives_and_unfollows(self):
        remote = self.fediverse
        coalition_id = f"{self.live_server_url}/c/united/"
        follow = remote.account.follow(coalition_id)

        status = remote.send(f"{self.live_server_url}/ap/inbox", follow)
        self.assertEqual(status, 202)
        accepts = remote.wait_for("Accept")
        self.assertEqual(len(accepts), 1, remote.refused)
        self.assertEqual(accepts[0]["actor"], coalition_id)
        self.assertEqual(accepts[0]["object"]["id"], follow["id"])
        self.assertEqual(Follower.objects.get().remote.uri, remote.account.uri)
        self.assertGreater(remote.signed_gets, 0)  # our fetch of its actor was signed

        statement = self.publish("Joint declaration")
        create = remote.wait_for("Create")[0]
        self.assertEqual(create["actor"], coalition_id)
        self.assertEqual(create["object"]["type"], "Article")
        self.assertEqual(create["object"]["id"], f"{self.live_server_url}/s/{statement.slug}/")

        services.statement_withdraw(statement=statement, actor=self.coordinator, reason="Old")
        delete = remote.wait_for("Delete")[0]
        self.assertEqual(delete["object"]["id"], create["object"]["id"])
        self.assertEqual(delete["object"]["type"], "Tombstone")

        undo = {
            "id": follow["id"] + "/undo",
            "type": "Undo",
            "actor": remote.account.uri,
            "object": follow,
        }
        self.assertEqual(remote.send(f"{self.live_server_url}/ap/inbox", undo), 202)
        self.assertFalse(Follower.objects.exists())
        self.publish("Second declaration")
        self.assertEqual(len(remote.wait_for("Create", count=2, timeout=2)), 1)
        self.assertEqual(remote.refused, [])


@override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=True, STATEMENT_PAGE_CACHE_SECONDS=0)
class DemoFederationTestCase(LiveServerTestCase):
    """The issue's "done means": after `make run` (migrate, loaddemo, serve), a fediverse
    account on the same machine finds, follows and receives from the demo's actors."""

    def setUp(self):
        self.fediverse = Fediverse().__enter__()
        self.addCleanup(self.fediverse.__exit__)
        settings = override_settings(SITE_URL=self.live_server_url)
        settings.enable()
        self.addCleanup(settings.disable)
        started = time.monotonic()
        call_command("loaddemo", stdout=StringIO())
        self.load_seconds = time.monotonic() - started

    def test_the_demo_coalition_organization_and_campaign_are_found_and_followed(self):
        from caucus.campaigns.models import Campaign
        from caucus.campaigns.tests.helpers import make_event
        from caucus.organizations.models import Organization

        remote, host = self.fediverse, self.live_server_url.split("://", 1)[1]
        self.assertLess(self.load_seconds, 60)  # the demo loads in a few seconds here
        handles = {
            "Group": f"@cross-border-labour@{host}",
            "Organization": f"@liman-sen@{host}",
            "Campaign": f"@decent-work-fortnight@{host}",
        }
        found = {}
        for number, (label, handle) in enumerate(handles.items(), start=1):
            actor = remote.find(handle)
            self.assertEqual(actor["type"], "Group" if label == "Campaign" else label, handle)
            follow = remote.account.follow(actor["id"], number)
            self.assertEqual(remote.send(actor["endpoints"]["sharedInbox"], follow), 202)
            accepts = remote.wait_for("Accept", count=number)
            self.assertEqual(accepts[-1]["actor"], actor["id"], remote.refused)
            self.assertEqual(accepts[-1]["object"]["id"], follow["id"])
            found[label] = actor
        # What each published before it was followed is in its outbox.
        outbox = remote.get_json(found["Group"]["outbox"])
        self.assertGreater(outbox["totalItems"], 0)
        ids, url = [], outbox["first"]
        for _page in range(20):  # bounded: a cursor that does not advance must fail, not hang
            if not url:
                break
            page = remote.get_json(url)
            for item in page["orderedItems"]:  # a Create embeds its object, an Announce names it
                ids.append(item["object"] if item["type"] == "Announce" else item["object"]["id"])
            url = page.get("next")
        self.assertEqual(len(ids), outbox["totalItems"])
        self.assertIn(f"{self.live_server_url}/s/joint-declaration/", ids)
        # A new action of the campaign, organized by the organization: the campaign creates
        # it, the coalition and the organization boost it, each signed by its own key.
        campaign = Campaign.objects.get(slug="decent-work-fortnight")
        organization = Organization.objects.get(slug="liman-sen")
        event = make_event(campaign, organization, title="Dockers' rally", city="Izmir")
        create = remote.wait_for("Create")[0]
        self.assertEqual(create["actor"], found["Campaign"]["id"])
        self.assertEqual(create["object"]["type"], "Event")
        self.assertEqual(create["object"]["url"], f"{self.live_server_url}/events/{event.uid}/")
        announces = remote.wait_for("Announce", count=2)
        self.assertEqual(
            sorted(a["actor"] for a in announces),
            sorted([found["Group"]["id"], found["Organization"]["id"]]),
        )
        self.assertEqual(remote.refused, [])
