"""Interoperability: a real fediverse server on localhost (fediverse.py, signing and verifying
with apsig, not our code) follows the coalition through our real HTTP server, receives a
signed Accept, then a Create when a statement is published and a Delete when it is withdrawn;
after Undo it receives nothing more."""

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
