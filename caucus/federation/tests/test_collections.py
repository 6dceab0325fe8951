"""Outboxes (paged, newest first, with what was published before federation), collections,
objects at their ids, activities, and the followers page for those who run an actor."""

from django.core.cache import cache
from django.urls import reverse

from caucus.federation import actors
from caucus.federation.models import Activity, Follower, LocalActor, RemoteActor
from caucus.federation.tests.base import AP, SITE, FederationTestCase
from caucus.statements import services


class OutboxTestCase(FederationTestCase):
    def outbox(self, actor, query=""):
        return self.get_ap(f"/ap/actors/{actor.pk}/outbox{query}")

    def test_it_backfills_what_was_published_before(self):
        # Published while nothing ran the on_commit hooks: no activity recorded yet.
        statements = [self.make_published(title=f"Statement {n}") for n in range(3)]
        self.assertFalse(Activity.objects.exists())
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        collection = self.outbox(actor).json()
        self.assertEqual(collection["type"], "OrderedCollection")
        self.assertEqual(collection["totalItems"], 3)
        page = self.get_ap(collection["first"].removeprefix(SITE)).json()
        self.assertEqual(page["type"], "OrderedCollectionPage")
        names = [item["object"]["name"] for item in page["orderedItems"]]
        self.assertEqual(names, ["Statement 2", "Statement 1", "Statement 0"])
        for item in page["orderedItems"]:
            self.assertEqual(item["type"], "Create")
            self.assertEqual(item["actor"], f"{SITE}/c/united/")
        self.assertEqual(len(statements), 3)

    def test_pages_chain_with_next_newest_first(self):
        from caucus.federation.views import collections as views

        for n in range(5):
            self.make_published(title=f"S{n}")
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        old, views.OUTBOX_PAGE = views.OUTBOX_PAGE, 2
        self.addCleanup(setattr, views, "OUTBOX_PAGE", old)
        url, seen = f"/ap/actors/{actor.pk}/outbox?page=1", []
        for _page in range(5):  # bounded: a cursor that does not advance must fail, not hang
            if not url:
                break
            page = self.get_ap(url).json()
            seen += [item["object"]["name"] for item in page["orderedItems"]]
            url = page.get("next", "").removeprefix(SITE)
        self.assertEqual(seen, ["S4", "S3", "S2", "S1", "S0"])

    def test_a_bad_cursor_means_the_first_page(self):
        self.make_published()
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        page = self.outbox(actor, "?page=1&cursor=garbage'--").json()
        self.assertEqual(len(page["orderedItems"]), 1)

    def test_a_private_actor_has_no_outbox(self):
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        self.coalition.is_public = False
        self.coalition.save()
        self.assertEqual(self.outbox(actor).status_code, 404)
        self.assertEqual(self.get_ap("/ap/actors/999999/outbox").status_code, 404)


class CollectionsTestCase(FederationTestCase):
    def setUp(self):
        super().setUp()
        self.actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        remote = RemoteActor.objects.create(
            uri="https://remote.example/users/a",
            domain="remote.example",
            inbox="https://remote.example/users/a/inbox",
            key_id="https://remote.example/users/a#k",
            public_key="x",
        )
        Follower.objects.create(actor=self.actor, remote=remote, follow_id="f", state="accepted")
        LocalActor.objects.filter(pk=self.actor.pk).update(follower_count=1)

    def test_followers_shows_the_count_only(self):
        data = self.get_ap(f"/ap/actors/{self.actor.pk}/followers").json()
        self.assertEqual(data["totalItems"], 1)
        self.assertNotIn("orderedItems", data)
        self.assertNotIn("first", data)
        self.assertNotIn("remote.example", str(data))

    def test_following_is_empty(self):
        data = self.get_ap(f"/ap/actors/{self.actor.pk}/following").json()
        self.assertEqual(data["totalItems"], 0)

    def test_the_instance_actors_collections_are_empty(self):
        actor = self.get_ap("/ap/actor").json()
        for name in ("outbox", "followers", "following"):
            self.assertEqual(actor[name], f"{SITE}/ap/actor/{name}")
            response = self.get_ap(f"/ap/actor/{name}")
            self.assertEqual(response.status_code, 200, name)
            data = response.json()
            self.assertEqual(data["id"], actor[name])
            self.assertEqual((data["type"], data["totalItems"]), ("OrderedCollection", 0))
            self.assertEqual(data["orderedItems"], [])
        self.assertEqual(actor["inbox"], f"{SITE}/ap/actor/inbox")

    def test_the_followers_page_is_for_coordinators_only(self):
        url = f"/ap/actors/{self.actor.pk}/followers/manage/"
        for user, status in (
            (None, 403),
            (self.outsider, 403),
            (self.delegate, 403),
            (self.org_admin, 403),
            (self.coordinator, 200),
        ):
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            response = self.client.get(url)
            self.assertEqual(response.status_code, status, user)
        self.assertContains(response, "a@remote.example")

    def test_the_followers_page_links_only_to_http_ids(self):
        kept = RemoteActor.objects.create(  # kept before ids were checked
            uri="javascript://evil.example/%0Aalert(1)",
            domain="evil.example",
            inbox="https://evil.example/inbox",
            key_id="https://evil.example/k",
            public_key="x",
            username="mallory",
        )
        Follower.objects.create(actor=self.actor, remote=kept, follow_id="g", state="accepted")
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/ap/actors/{self.actor.pk}/followers/manage/")
        self.assertContains(response, 'href="https://remote.example/users/a"')
        self.assertContains(response, "mallory@evil.example")
        self.assertNotContains(response, "javascript:")

    def test_the_organization_followers_page_is_for_its_admins(self):
        actor = actors.local_actor(actors.Ref("organization", self.alpha))
        url = f"/ap/actors/{actor.pk}/followers/manage/"
        for user, status in ((self.editor, 403), (self.outsider, 403), (self.org_admin, 200)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)


class ObjectEndpointTestCase(FederationTestCase):
    def test_every_object_is_served_at_its_id_with_the_same_id(self):
        statement = self.run_commit(self.make_published)
        data = self.get_ap(f"/s/{statement.slug}/").json()
        self.assertEqual(data["id"], f"{SITE}/s/{statement.slug}/")
        self.assertEqual(data["type"], "Article")
        activity = Activity.objects.get(type="Create")
        served = self.get_ap(f"/ap/activities/{activity.uid}").json()
        self.assertEqual(served["id"], activity.payload["id"])
        self.assertEqual(served["object"]["id"], data["id"])

    def test_every_kind_is_served_at_its_id_with_its_id_and_type(self):
        import datetime

        from django.utils import timezone

        from caucus.campaigns.tests.helpers import make_campaign, make_event
        from caucus.decisions import services as decisions
        from caucus.decisions.tests.helpers import Clock, expire, open_vote
        from caucus.federation.models import FederatedObject
        from caucus.solidarity.models import Case, TimelineEntry

        self.addCleanup(Clock.reset)
        self.run_commit(self.make_published)
        campaign = self.run_commit(make_campaign, self.coalition)
        self.run_commit(make_event, campaign, self.alpha)
        case = self.run_commit(
            Case.objects.create,
            coalition=self.coalition,
            slug="c",
            display_name="C.",
            country="TR",
            published_at=timezone.now(),
        )
        for kind, starts_at in (
            ("update", None),
            ("hearing", datetime.datetime(2031, 5, 6, 6, 30, tzinfo=datetime.UTC)),
        ):
            self.run_commit(
                TimelineEntry.objects.create,
                case=case,
                kind=kind,
                note="Seen.",
                date=datetime.date(2031, 5, 6),
                starts_at=starts_at,
                time_zone="Europe/Istanbul" if starts_at else "",
            )
        vote = self.run_commit(open_vote, self)
        for org, person in ((self.alpha, self.coordinator), (self.gamma, self.gamma_admin)):
            self.run_commit(
                decisions.ballot_cast, vote=vote, organization=org, actor=person, choice="for"
            )
        expire(vote)
        self.run_commit(decisions.close_if_due, vote)
        seen = set()
        for fo in FederatedObject.objects.filter(deleted_at__isnull=True):
            response = self.get_ap(fo.ap_id.removeprefix(SITE))
            self.assertEqual(response.status_code, 200, fo.ap_id)
            self.assertEqual(response["Content-Type"], AP)
            data = response.json()
            self.assertEqual((data["id"], data["type"]), (fo.ap_id, fo.data["type"]))
            self.assertEqual({k: v for k, v in data.items() if k != "@context"}, fo.data)
            seen.add((fo.kind, data["type"]))
        self.assertEqual(
            seen,
            {
                ("statement", "Article"),
                ("event", "Event"),
                ("case", "Article"),
                ("entry", "Note"),
                ("entry", "Event"),
                ("resolution", "Article"),
                ("head", "Note"),
            },
        )

    def test_a_withdrawn_statement_is_a_tombstone(self):
        statement = self.run_commit(self.make_published)
        self.run_commit(
            services.statement_withdraw,
            statement=statement,
            actor=self.coordinator,
            reason="Superseded",
        )
        response = self.get_ap(f"/s/{statement.slug}/")
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response.json()["type"], "Tombstone")
        self.assertEqual(response.json()["formerType"], "Article")

    def test_a_deleted_object_is_a_tombstone(self):
        import datetime

        from django.utils import timezone

        from caucus.campaigns.tests.helpers import make_campaign, make_event
        from caucus.solidarity.models import Case, TimelineEntry

        campaign = self.run_commit(make_campaign, self.coalition)
        event = self.run_commit(make_event, campaign, self.alpha)
        case = Case.objects.create(
            coalition=self.coalition, slug="c", display_name="C.", published_at=timezone.now()
        )
        entry = self.run_commit(
            TimelineEntry.objects.create,
            case=case,
            kind="update",
            note="Visited.",
            date=datetime.date(2031, 5, 6),
        )
        paths = [(f"/events/{event.uid}/", "Event"), (f"/ap/objects/entry/{entry.pk}", "Note")]
        for path, _type in paths:
            self.assertEqual(self.get_ap(path).status_code, 200, path)
        self.run_commit(event.delete)
        self.run_commit(entry.delete)
        for path, type_ in paths:
            response = self.get_ap(path)
            self.assertEqual(response.status_code, 410, path)
            data = response.json()
            self.assertEqual((data["id"], data["type"]), (SITE + path, "Tombstone"))
            self.assertEqual(data["formerType"], type_)
        # Never federated, never there: not found.
        self.assertEqual(self.get_ap("/ap/objects/entry/999999").status_code, 404)

    def test_a_draft_is_404_to_activitypub_clients(self):
        statement = self.make_coalition_draft()
        self.assertEqual(self.get_ap(f"/s/{statement.slug}/").status_code, 404)

    def test_the_page_cache_never_serves_json_for_html_or_html_for_json(self):
        statement = self.run_commit(self.make_published)
        cache.clear()
        url = f"/s/{statement.slug}/"
        html = self.client.get(url)
        self.assertTrue(html["Content-Type"].startswith("text/html"))
        self.assertIn("Accept", html["Vary"])
        self.assertEqual(self.get_ap(url)["Content-Type"], AP)
        again = self.client.get(url)
        self.assertTrue(again["Content-Type"].startswith("text/html"))
        self.assertEqual(self.get_ap(url)["Content-Type"], AP)
        self.assertContains(again, f'type="application/activity+json" href="{SITE}{url}"')


class ObjectsWithoutPagesTestCase(FederationTestCase):
    def test_a_ledger_head_is_json_for_clients_and_a_redirect_for_browsers(self):
        from caucus.decisions.tests.helpers import open_vote
        from caucus.federation.models import FederatedObject

        self.run_commit(open_vote, self)
        head = FederatedObject.objects.get(kind="head")
        path = head.ap_id.removeprefix(SITE)
        data = self.get_ap(path).json()
        self.assertEqual((data["id"], data["type"]), (head.ap_id, "Note"))
        browser = self.client.get(path, HTTP_ACCEPT="text/html")
        self.assertEqual(browser.status_code, 302)
        self.assertEqual(browser["Location"], head.data["url"])
        self.assertEqual(self.get_ap("/ap/objects/nothing/1").status_code, 404)
        self.assertEqual(self.get_ap("/ap/objects/head/999").status_code, 404)

    def test_accept_activities_are_not_served(self):
        actor = actors.local_actor(actors.Ref("coalition", self.coalition))
        from caucus.federation.publishing import record

        accept = record(actor, "Accept", {"object": {"id": "https://r.example/f/1"}})
        self.assertEqual(self.get_ap(f"/ap/activities/{accept.uid}").status_code, 404)


class FollowersPageLinkTestCase(FederationTestCase):
    """The followers page is linked from the pages where its actor is run, for those its
    guard lets in, and for no one else."""

    def assert_linked(self, page: str, kind: str, obj, users: dict) -> None:
        link = f"/ap/actors/{actors.local_actor(actors.Ref(kind, obj)).pk}/followers/manage/"
        for user, linked in users.items():
            self.client.force_login(user)
            response = self.client.get(page)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(f'href="{link}"' in response.content.decode(), linked, user)
            self.assertNotEqual("/followers/manage/" in response.content.decode(), not linked)
            if linked:
                self.assertEqual(self.client.get(link).status_code, 200, user)

    def test_a_coalitions_page_links_it_for_its_coordinators(self):
        page = reverse("coalitions:manage", args=[self.coalition.slug])
        users = {self.coordinator: True, self.delegate: False, self.org_admin: False}
        self.assert_linked(page, "coalition", self.coalition, users)

    def test_an_organizations_page_links_it_for_its_admins(self):
        page = reverse("organizations:manage", args=[self.alpha.slug])
        users = {self.org_admin: True, self.editor: False, self.delegate: False}
        self.assert_linked(page, "organization", self.alpha, users)

    def test_a_campaigns_page_links_it_for_its_coordinators(self):
        from caucus.campaigns.tests.helpers import make_campaign

        campaign = make_campaign(self.coalition)
        page = reverse("campaigns:campaign", args=[campaign.slug])
        users = {self.coordinator: True, self.delegate: False, self.outsider: False}
        self.assert_linked(page, "campaign", campaign, users)

    def test_a_private_coalition_has_no_followers_to_link(self):
        self.coalition.is_public = False
        self.coalition.save()
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("coalitions:manage", args=[self.coalition.slug]))
        self.assertNotContains(response, "/followers/manage/")
