import feedparser

from caucus.statements import services
from caucus.statements.models import Republication, Translation
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase


class PublicPageTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published(teaser="Fair pay everywhere", topics=["labour"])
        cls.url = f"/s/{cls.statement.slug}/"
        services.translation_save(
            statement=cls.statement,
            actor=cls.coordinator,
            language="es",
            title="Declaración conjunta",
            body="Trabajadores de todos los países merecen un salario justo.",
            translator="Ana",
            kind="human",
            reviewed=True,
        )

    def test_it_shows_the_statement_with_meta_and_share_links(self):
        page = self.client.get(self.url)
        self.assertContains(page, '<h1 lang="en" dir="ltr">Joint declaration</h1>', html=False)
        self.assertContains(page, 'property="og:title" content="Joint declaration"')
        self.assertContains(page, 'name="twitter:description" content="Fair pay everywhere"')
        self.assertContains(page, 'hreflang="es"')
        self.assertContains(page, "https://t.me/share/url?")
        self.assertContains(page, 'type="application/atom+xml"')
        self.assertNotContains(page, "utm_")

    def test_it_picks_the_translation_from_accept_language(self):
        page = self.client.get(self.url, headers={"accept-language": "es-AR,es;q=0.9,en;q=0.5"})
        self.assertContains(page, "Declaración conjunta")
        self.assertContains(page, "salario justo")
        page = self.client.get(self.url, headers={"accept-language": "el"})
        self.assertContains(page, "fair pay")

    def test_it_picks_the_translation_from_the_query_and_the_switcher(self):
        self.assertContains(self.client.get(self.url + "?lang=es"), "Declaración conjunta")
        self.assertContains(self.client.get(self.url + "?lang=zz"), "fair pay")
        self.client.cookies["django_language"] = "es"
        self.assertContains(self.client.get(self.url), "Declaración conjunta")

    def test_a_translation_of_an_old_version_is_marked_stale(self):
        services.version_create(
            statement=self.statement, actor=self.coordinator, title="Joint declaration", body="New"
        )
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        self.assertTrue(Translation.objects.get().is_stale)
        page = self.client.get(self.url + "?lang=es")
        self.assertContains(page, "This translation is of version 1")

    def test_it_shows_mastodon_sharers_where_they_are_going(self):
        """Audit #15: any host was redirected to at once; now the reader sees it first."""
        base = self.url + "share/mastodon/"
        self.assertEqual(self.client.get(base).status_code, 200)
        for typed, host in [
            ("Mastodon.Social", "mastodon.social"),
            (" mastodon.social. ", "mastodon.social"),
            ("social.example:8443", "social.example:8443"),
            ("bücher.example", "xn--bcher-kva.example"),
        ]:
            with self.subTest(typed=typed):
                response = self.client.get(base, {"instance": typed})
                self.assertEqual(response.status_code, 200)  # a page, not a redirect
                self.assertContains(response, f"You are going to <bdi>{host}</bdi>")
                self.assertContains(response, f'href="https://{host}/share?text=Joint+declaration')

    def test_it_accepts_only_a_server_name(self):
        base = self.url + "share/mastodon/"
        for bad in [
            "",
            "https://mastodon.social/",
            "mastodon.social/share",
            "me@mastodon.social",
            "user:pass@mastodon.social",
            "evil.example/%2F%2Fother",
            "mastodon.social\\evil.example",
            "mastodon.social?x=1",
            "mastodon.social#x",
            "javascript:alert(1)",
            "exa$mple.org",
            "no_dots",
            "a b.c",
            "203.0.113.7",
            "[::1]",
            "mastodon.social:0",
            "mastodon.social:70000",
            "-bad.example",
            "a..example",
        ]:
            with self.subTest(bad=bad):
                response = self.client.get(base, {"instance": bad})
                self.assertEqual(response.status_code, 400)
                self.assertNotContains(response, "You are going to", status_code=400)

    def test_it_has_print_and_embed_views(self):
        self.assertContains(self.client.get(self.url + "print/"), "statement printable")
        embed = self.client.get(self.url + "embed/")
        self.assertContains(embed, "caucus-card")
        card = embed.content.decode().split('id="embed-code"')[1].split("</textarea>")[0]
        self.assertNotIn("iframe", card)  # the link card itself never frames anything
        # The optional counter frame and the JSON count are offered beside it.
        self.assertContains(
            embed, f"&lt;iframe src=&quot;http://127.0.0.1:8000{self.url}signatures/counter/&quot;"
        )
        self.assertContains(embed, f"{self.url}signatures/count.json")

    def test_it_lists_published_statements_with_few_queries(self):
        for i in range(3):
            self.make_published(title=f"Another {i}")
        with self.assertNumQueries(2):
            page = self.client.get("/statements/")
        self.assertContains(page, "Another 2")
        self.assertContains(self.client.get("/statements/topic/labour/"), "Joint declaration")
        self.assertNotContains(self.client.get("/statements/topic/other/"), "Joint declaration")


class RepublishTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()

    def test_another_org_republishes_with_attribution(self):
        self.client.force_login(self.outsider)  # admin of beta
        response = self.client.post(
            f"/s/{self.statement.slug}/republish/", {"organization": "beta", "note": ""}
        )
        self.assertRedirects(response, f"/s/{self.statement.slug}/via/beta/")
        self.assertTrue(Republication.objects.filter(organization=self.beta).exists())
        page = self.client.get(f"/s/{self.statement.slug}/via/beta/")
        self.assertContains(page, "First published by <bdi>United Coalition</bdi>")
        self.assertContains(
            page, f'rel="canonical" href="http://127.0.0.1:8000/s/{self.statement.slug}/"'
        )
        self.assertContains(
            self.client.get("/o/beta/"), "First published by <bdi>United Coalition</bdi>"
        )
        again = self.client.post(f"/s/{self.statement.slug}/republish/", {"organization": "beta"})
        self.assertEqual(again.status_code, 400)
        self.assertEqual(Republication.objects.count(), 1)

    def test_it_refuses_an_organization_the_person_cannot_act_for(self):
        self.client.force_login(self.outsider)
        response = self.client.post(
            f"/s/{self.statement.slug}/republish/", {"organization": "alpha"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Republication.objects.exists())


class FeedTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published(topics=["labour"], teaser="Teaser")
        cls.draft = cls.make_coalition_draft(title="Secret draft")
        services.translation_save(
            statement=cls.statement, actor=cls.coordinator, language="tr", title="Ortak", body="B"
        )

    def test_the_feeds_parse_and_list_only_public_statements(self):
        for url in [
            "/statements/rss/",
            "/statements/atom/",
            "/statements/coalition/united/rss/",
            "/statements/coalition/united/atom/",
            "/statements/topic/labour/rss/",
            "/statements/topic/labour/atom/",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                feed = feedparser.parse(response.content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual([e.title for e in feed.entries], ["Joint declaration"])
                self.assertTrue(
                    feed.entries[0].links[0].href.endswith(f"/s/{self.statement.slug}/")
                )

    def test_atom_lists_translations_as_alternates(self):
        feed = feedparser.parse(self.client.get("/statements/atom/").content)
        hreflangs = [link.get("hreflang") for link in feed.entries[0].links]
        self.assertIn("tr", hreflangs)

    def test_an_organization_feed_is_empty_without_statements(self):
        feed = feedparser.parse(self.client.get("/statements/org/alpha/rss/").content)
        self.assertEqual(feed.entries, [])
        self.assertEqual(self.client.get("/statements/org/nope/rss/").status_code, 404)

    def test_pages_advertise_their_feeds(self):
        for url in ["/", "/c/united/", "/o/alpha/", f"/s/{self.statement.slug}/"]:
            with self.subTest(url=url):
                self.assertContains(
                    self.client.get(url), 'rel="alternate" type="application/rss+xml"'
                )
