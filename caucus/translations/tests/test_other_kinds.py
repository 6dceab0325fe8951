"""Cases, coalitions, organizations, topics and statements read through the same resolver."""

import feedparser
from django.core.exceptions import ValidationError

from caucus.coalitions.translatable import COALITION
from caucus.organizations.translatable import ORGANIZATION
from caucus.public.models import Kind, Publication
from caucus.solidarity.models import CaseTranslation
from caucus.solidarity.tests.base import FULL_NAME, CaseTestCase
from caucus.solidarity.translatable import CASE
from caucus.statements import services as statements
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase
from caucus.topics.models import Topic
from caucus.topics.translatable import TOPIC
from caucus.translations import services


class CaseTranslationTestCase(CaseTestCase):
    def translate(self, case, **texts):
        return services.translation_save(
            translatable=CASE, source=case, actor=self.coordinator, language="es", texts=texts
        )

    def test_a_reader_gets_the_summary_and_notes_in_their_language(self):
        entry = self.open_case.entries.create(kind="charge", date="2025-01-01", note="Charged.")
        self.translate(
            self.open_case,
            summary="Un estibador acusado por una huelga.",
            **{f"entries.{entry.pk}": "Acusado."},
        )
        page = self.client.get("/cases/mehmet-demir/", headers={"accept-language": "es"})
        self.assertContains(page, "Un estibador acusado por una huelga.")
        self.assertContains(page, "Acusado.")
        feed = feedparser.parse(self.client.get("/cases/mehmet-demir/feed/atom/?lang=es").content)
        self.assertEqual(feed.feed.subtitle, "Un estibador acusado por una huelga.")

    def test_a_translation_that_names_a_protected_person_is_refused_by_text(self):
        notes = {f"entries.{e.pk}": "Una audiencia." for e in self.protected.entries.all()}
        with self.assertRaises(ValidationError) as caught:
            self.translate(self.protected, summary=f"{FULL_NAME} fue detenida.", **notes)
        self.assertEqual(list(caught.exception.message_dict), ["summary"])
        self.assertFalse(CaseTranslation.objects.exists())

    def test_protection_turned_on_later_withholds_a_translation_that_names_the_person(self):
        self.translate(self.open_case, summary="Mehmet Demir, estibador, fue acusado.")
        self.open_case.protected = True
        self.open_case.display_name = "M.D."
        self.open_case.save()
        page = self.client.get("/cases/mehmet-demir/?lang=es")
        self.assertNotContains(page, "Mehmet Demir")
        publication = Publication.objects.get(kind=Kind.CASE, object_id=self.open_case.pk)
        self.assertNotIn("Mehmet", publication.body)


class CoalitionAndOrganizationTestCase(BaseTestCase):
    def test_the_platform_and_description_in_the_readers_language(self):
        self.coalition.is_public = True
        self.coalition.description = "Unions together."
        self.coalition.save()
        services.translation_save(
            translatable=COALITION,
            source=self.coalition,
            actor=self.coordinator,
            language="tr",
            texts={"description": "Birlikte sendikalar.", "points.1": "Birinci", "points.2": "İki"},
        )
        page = self.client.get("/c/united/", headers={"accept-language": "tr"})
        self.assertContains(page, "Birlikte sendikalar.")
        self.assertContains(page, "<li><p>Birinci</p>\n</li>", html=False)

    def test_an_organization_description(self):
        self.alpha.description = "Rail workers."
        self.alpha.save()
        services.translation_save(
            translatable=ORGANIZATION,
            source=self.alpha,
            actor=self.editor,
            language="tr",
            texts={"description": "Demiryolu işçileri."},
        )
        self.assertContains(self.client.get("/o/alpha/?lang=tr"), "Demiryolu işçileri.")
        self.assertContains(self.client.get("/o/alpha/"), "Rail workers.")


class TopicNamesTestCase(BaseTestCase):
    def test_topic_names_follow_the_reader(self):
        topic = Topic.objects.create(slug="labour", name="Labour")
        services.translation_save(
            translatable=TOPIC,
            source=topic,
            actor=self.operator,
            language="el",
            texts={"name": "Εργασία"},
        )
        self.assertContains(
            self.client.get("/topics/", headers={"accept-language": "el"}), "Εργασία"
        )
        self.assertContains(self.client.get("/topics/labour/?lang=el"), "Εργασία")
        self.assertContains(self.client.get("/topics/labour/rss/?lang=el"), "Εργασία")
        self.assertNotContains(self.client.get("/topics/labour/rss/"), "Εργασία")


class StatementFeedLanguageTestCase(StatementFixtures, BaseTestCase):
    def test_a_feed_in_spanish_carries_the_spanish_title_and_link(self):
        statement = self.make_coalition_draft()
        statements.statement_publish(statement=statement, actor=self.coordinator)
        statements.translation_save(
            statement=statement,
            actor=self.coordinator,
            language="es",
            title="Declaración conjunta",
            body="Texto.",
        )
        feed = feedparser.parse(self.client.get("/statements/atom/?lang=es").content)
        self.assertEqual(feed.entries[0].title, "Declaración conjunta")
        self.assertTrue(feed.entries[0].link.endswith("?lang=es"))
        hreflangs = {link.get("hreflang") for link in feed.entries[0].links}
        self.assertLessEqual({"en", "es"}, hreflangs)
        plain = feedparser.parse(self.client.get("/statements/atom/").content)
        self.assertEqual(plain.entries[0].title, "Joint declaration")
