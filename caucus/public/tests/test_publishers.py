"""Campaigns, local actions and cases reach the front page, tags, search and sitemaps (issue 7).

Only their public face is indexed: private addresses, draft or hidden items and the record
behind a protected case never reach any of those channels.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from caucus.campaigns.models import Approval
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.public.models import Kind, Publication
from caucus.public.publishers import reindex
from caucus.solidarity.tests.base import CITY, FULL_NAME, CaseTestCase
from caucus.statements import services as statement_services
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

SECRETS = [FULL_NAME, "Ayşe", "Yılmaz", CITY]
INDEX_CHANNELS = [
    "/",
    "/latest/",
    "/latest/rss/",
    "/latest/atom/",
    "/regions/tr/",
    "/regions/tr/rss/",
    "/regions/asia/",
    "/sitemap-items.xml",
]


class PublisherTestCase(CaseTestCase):
    def setUp(self):
        cache.clear()  # the sitemap is cached for ten minutes

    def kinds(self) -> set[str]:
        return set(Publication.objects.values_list("kind", flat=True))

    def test_cases_are_indexed_with_their_public_face_only(self):
        publication = Publication.objects.get(kind=Kind.CASE, object_id=self.protected.pk)
        self.assertEqual(publication.title, "A.Y.")
        stored = f"{publication.title} {publication.teaser} {publication.body}"
        for secret in SECRETS:
            self.assertNotIn(secret.lower(), stored.lower())
        self.assertFalse(Publication.objects.filter(kind=Kind.CASE, object_id=self.draft.pk))

    def test_no_index_channel_reveals_a_protected_record(self):
        for url in INDEX_CHANNELS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                text = response.content.decode().lower()
                self.assertIn("/cases/a-y/", text)
                for secret in SECRETS:
                    self.assertNotIn(secret.lower(), text, f"{secret!r} leaked at {url}")
        for secret in SECRETS:
            with self.subTest(query=secret):
                response = self.client.get("/search/", {"q": secret})
                self.assertNotContains(response, "/cases/a-y/")
        self.assertContains(self.client.get("/search/", {"q": "detained"}), "/cases/a-y/")

    def test_a_campaign_and_its_approved_events_are_indexed(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        event = make_event(campaign, self.alpha, actor=self.editor, title="Vigil at the port")
        hosted = make_event(campaign, None, actor=None, title="Host vigil", city="Lima")
        hosted.approval = Approval.PENDING
        hosted.save()
        self.assertTrue(Publication.objects.filter(kind=Kind.CAMPAIGN, object_id=campaign.pk))
        indexed = Publication.objects.get(kind=Kind.EVENT, object_id=event.pk)
        self.assertEqual(indexed.country, "TR")
        self.assertFalse(indexed.listed)  # the campaign page lists its actions
        self.assertFalse(Publication.objects.filter(kind=Kind.EVENT, object_id=hosted.pk))
        teaser = "4 March 2031, 18:00 (Istanbul time, UTC+03:00) · Istanbul"
        self.assertEqual(indexed.teaser, teaser)

        self.assertIn(
            event.get_absolute_url(),
            self.client.get("/search/", {"q": "vigil port"}).content.decode(),
        )
        region = self.client.get("/regions/tr/")
        self.assertContains(region, event.get_absolute_url())
        self.assertContains(region, teaser)
        self.assertNotContains(self.client.get("/latest/"), event.get_absolute_url())
        self.assertContains(self.client.get("/latest/"), campaign.get_absolute_url())

    def test_an_events_teaser_is_in_the_sites_language_whoever_saved_it(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        with translation.override("ar"):
            event = make_event(
                campaign, self.alpha, actor=self.editor, zone="America/Bogota", city="Bogotá"
            )
        teaser = Publication.objects.get(kind=Kind.EVENT, object_id=event.pk).teaser
        self.assertEqual(teaser, "4 March 2031, 18:00 (Bogotá time, UTC−05:00) · Bogotá")

    def test_private_addresses_never_enter_the_index(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        event = make_event(
            campaign,
            self.alpha,
            actor=self.editor,
            address="Kuyumcular Sokak 17, Kadıköy",
            address_visibility="rsvp",
        )
        publication = Publication.objects.get(kind=Kind.EVENT, object_id=event.pk)
        self.assertNotIn("Kuyumcular", f"{publication.teaser} {publication.body}")
        self.assertNotContains(self.client.get("/search/", {"q": "Kuyumcular"}), event.title)

    def test_hiding_the_coalition_unpublishes_its_campaigns_and_cases(self):
        make_campaign(self.coalition, actor=self.coordinator)
        self.assertEqual(self.kinds() & {Kind.CAMPAIGN, Kind.CASE}, {Kind.CAMPAIGN, Kind.CASE})
        self.coalition.is_public = False
        self.coalition.save()
        self.assertEqual(self.kinds() & {Kind.CAMPAIGN, Kind.CASE, Kind.EVENT}, set())
        self.coalition.is_public = True
        self.coalition.save()
        self.assertIn(Kind.CASE, self.kinds())

    def test_renaming_the_coalition_renames_the_author_of_its_campaigns(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        self.coalition.name = "Renamed Coalition"
        self.coalition.save()
        publication = Publication.objects.get(kind=Kind.CAMPAIGN, object_id=campaign.pk)
        self.assertEqual(publication.author, "Renamed Coalition")

    def test_other_coalition_edits_leave_its_dependents_alone(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)

        def queries_to_edit_description(events: int) -> int:
            for n in range(events):
                make_event(campaign, self.alpha, actor=self.editor, title=f"Action {n}")
            self.coalition.description += " More."
            with CaptureQueriesContext(connection) as queries:
                self.coalition.save()
            return len(queries)

        self.assertEqual(queries_to_edit_description(1), queries_to_edit_description(8))

    def test_a_case_scheduled_for_later_appears_only_when_its_time_comes(self):
        self.draft.published_at = timezone.now() + timezone.timedelta(days=2)
        self.draft.save()
        self.assertTrue(Publication.objects.filter(kind=Kind.CASE, object_id=self.draft.pk))
        self.assertNotContains(self.client.get("/latest/"), "/cases/draft-person/")
        self.assertNotContains(self.client.get("/search/", {"q": "Draft"}), "/cases/draft-person/")

    def test_reindex_rebuilds_the_same_index(self):
        make_campaign(self.coalition, actor=self.coordinator)
        before = set(Publication.objects.values_list("kind", "object_id", "title"))
        Publication.objects.all().delete()
        reindex()
        self.assertEqual(set(Publication.objects.values_list("kind", "object_id", "title")), before)


class StatementTranslationIndexTestCase(StatementFixtures, BaseTestCase):
    def test_a_translation_is_found_by_search_and_offered_as_an_alternate(self):
        statement = self.make_published(title="Fair pay everywhere")
        statement_services.translation_save(
            statement=statement,
            actor=self.coordinator,
            language="es",
            title="Salario justo en todas partes",
            body="Los trabajadores de cada país merecen un salario justo.",
        )
        url = statement.get_absolute_url()
        response = self.client.get("/search/", {"q": "trabajadores salario"})
        self.assertIn(url, response.content.decode())
        publication = Publication.objects.get(kind=Kind.STATEMENT, object_id=statement.pk)
        offered = [(a["language"], a["url"]) for a in publication.alternates]
        self.assertIn(("es", f"{url}?lang=es"), offered)
        cache.clear()
        sitemap = self.client.get("/sitemap-items.xml").content.decode()
        self.assertIn('hreflang="es"', sitemap)

        statement.translations.get().delete()
        self.assertNotIn(url, self.client.get("/search/", {"q": "trabajadores"}).content.decode())


class TopicVocabularyTestCase(CaseTestCase):
    def test_editors_tag_campaigns_and_cases_from_the_vocabulary(self):
        from caucus.campaigns.forms import CampaignForm
        from caucus.solidarity.forms import CaseForm
        from caucus.topics.models import Topic

        Topic.objects.create(slug="prisoners", name="Political prisoners")
        Topic.objects.create(slug="labour", name="Labour")
        form = CaseForm(instance=self.open_case, organizations=self.coalition.memberships.none())
        self.assertEqual([c[0] for c in form.fields["topics"].choices], ["labour", "prisoners"])
        self.assertIn("topics", CampaignForm.base_fields)

        self.open_case.topics = ["prisoners"]
        self.open_case.save()
        self.assertContains(self.client.get("/topics/prisoners/"), "/cases/mehmet-demir/")
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        campaign.topics = ["labour"]
        campaign.save()
        page = self.client.get("/topics/labour/")
        self.assertContains(page, campaign.get_absolute_url())
        self.assertNotContains(page, "/cases/mehmet-demir/")
