from datetime import timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.public import search as site_search
from caucus.public.models import Publication, PublicationTag
from caucus.test import BaseTestCase
from caucus.topics.models import Topic


def publish(
    title,
    body="",
    *,
    kind="statement",
    language="en",
    country="",
    days_ago=1,
    topics=(),
    regions=(),
    object_id=None,
) -> Publication:
    publication = Publication.objects.create(
        kind=kind,
        object_id=object_id or Publication.objects.count() + 1,
        url=f"/x/{title.lower().replace(' ', '-')}/",
        title=title,
        teaser=f"Teaser of {title}",
        body=body,
        author="Alpha Union",
        language=language,
        country=country,
        published_at=timezone.now() - timedelta(days=days_ago),
    )
    PublicationTag.objects.bulk_create(
        [PublicationTag(publication=publication, kind="topic", slug=s) for s in topics]
        + [PublicationTag(publication=publication, kind="region", slug=s) for s in regions]
    )
    return publication


class SearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        publish(
            "Libertad para los sindicalistas",
            "Exigimos la liberación de los trabajadores detenidos en el puerto.",
            language="es",
            country="CL",
        )
        publish(
            "Freedom for the dockers",
            "We demand the release of the detained dock workers.",
            language="en",
            country="TR",
        )
        publish("Future item", "detained", days_ago=-3)

    def test_it_finds_a_spanish_statement_and_highlights_the_words(self):
        hits, total = site_search.search("trabajadores detenidos")
        self.assertEqual(total, 1)
        self.assertEqual(hits[0].publication.title, "Libertad para los sindicalistas")
        self.assertIn("<mark>", hits[0].snippet)

    def test_filters_narrow_the_results(self):
        self.assertEqual(site_search.search("detained")[1], 1)  # the future item is not public
        self.assertEqual(site_search.search("detained", country="CL")[1], 0)
        self.assertEqual(site_search.search("detenidos", language="es")[1], 1)
        self.assertEqual(site_search.search("detenidos", kind="case")[1], 0)

    def test_the_page_shows_results(self):
        response = self.client.get("/search/", {"q": "dockers"})
        self.assertContains(response, "Freedom for the dockers")
        self.assertContains(response, "1 result")

    def test_operator_characters_never_error(self):
        for query in [
            '"',
            "a OR",
            "NEAR(",
            "*",
            "-x",
            "(((",
            "AND AND",
            "'; DROP TABLE",
            "x:y",
            "détenus لعمال 工人",
            "a" * 5000,
            "^",
            "{}[]",
            "\x00",
        ]:
            with self.subTest(query=query[:20]):
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.status_code, 200)

    def test_snippets_are_escaped(self):
        publish("Escaping", "<script>alert(1)</script> dockers")
        hits, _total = site_search.search("escaping")
        self.assertNotIn("<script>", hits[0].snippet)


class SearchFuzzTestCase(HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=300))
    def test_any_query_is_answered(self, query):
        publish("Something", "words")
        hits, total = site_search.search(query)
        self.assertEqual(len(hits) <= total, True)


class BrowseTestCase(BaseTestCase):
    def test_latest_pages_with_a_keyset(self):
        for day in range(45):
            publish(f"Item {day}", days_ago=day + 1)
        first = self.client.get("/latest/")
        self.assertContains(first, "Item 0")
        self.assertNotContains(first, "Item 20<")
        older = first.context["page"].older
        second = self.client.get("/latest/", {"before": older})
        self.assertContains(second, "Item 20")
        self.assertNotContains(second, "Item 19<")
        self.assertEqual(self.client.get("/latest/", {"before": "garbage"}).status_code, 200)

    def test_topic_and_region_pages_and_feeds(self):
        Topic.objects.create(slug="prisoners", name="Prisoners")
        publish("Tagged", topics=["prisoners"], regions=["cl", "south-america"])
        publish("Other")
        page = self.client.get("/topics/prisoners/")
        self.assertContains(page, "Tagged")
        self.assertNotContains(page, ">Other<")
        self.assertContains(self.client.get("/regions/south-america/"), "Tagged")
        self.assertContains(self.client.get("/regions/cl/"), "Tagged")
        self.assertEqual(self.client.get("/regions/atlantis/").status_code, 404)
        self.assertEqual(self.client.get("/topics/unknown/").status_code, 404)
        feed = self.client.get("/topics/prisoners/rss/")
        self.assertContains(feed, "<title>Tagged</title>")
        self.assertRedirects(self.client.get("/regions/", {"country": "tr"}), "/regions/tr/")

    def test_latest_needs_few_queries(self):
        for day in range(30):
            publish(f"Item {day}", days_ago=day + 1)
        with self.assertNumQueries(1):
            self.client.get("/latest/")


class SitemapTestCase(BaseTestCase):
    def test_it_lists_public_items_and_profiles_only(self):
        publish("Visible item")
        publish("Scheduled item", days_ago=-2)
        index = self.client.get("/sitemap.xml")
        self.assertEqual(index.status_code, 200)
        items = self.client.get("/sitemap-items.xml").content.decode()
        self.assertIn("/x/visible-item/", items)
        self.assertNotIn("scheduled-item", items)
        profiles = self.client.get("/sitemap-profiles.xml").content.decode()
        self.assertIn("/o/alpha/", profiles)
        self.assertIn("/c/united/", profiles)

    def test_robots_points_to_the_sitemap_and_away_from_private_pages(self):
        robots = self.client.get("/robots.txt").content.decode()
        self.assertIn("Sitemap: http://127.0.0.1:8000/sitemap.xml", robots)
        self.assertIn("Disallow: /dashboard/", robots)
