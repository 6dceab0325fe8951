"""A translation made from an earlier version of its original says so where people meet it:
the editors' list ("Outdated: n texts…"), the form (a notice, and "changed" on each changed
text) and the reader's page ("translated from an earlier version of the original")."""

import re
from datetime import date

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from caucus.solidarity.tests.base import CaseTestCase
from caucus.solidarity.translatable import CASE
from caucus.translations import services
from caucus.translations.models import source_texts
from caucus.translations.tests.helpers import CampaignTranslationTestCase

LIST = "/campaigns/spring/translations/"
FORM = "/campaigns/spring/translations/el/"
PAGE = "/campaigns/spring/?lang=el"
NOTICE = "The original has changed since this translation was saved"
READER_NOTE = "translated from an earlier version of the original"
LABEL = re.compile(r'<p class="label">(.*?)</p>', re.S)


def marked_changed(form_html: str) -> list[str]:
    """The labels of the texts the form marks "changed", in the order shown."""
    return [
        label.split(" <span", 1)[0]
        for label in LABEL.findall(form_html)
        if 'class="badge stale"' in label
    ]


class CampaignStalePagesTestCase(CampaignTranslationTestCase):
    def setUp(self):
        super().setUp()
        self.translate()
        self.client.force_login(self.coordinator)

    def labels(self, *keys: str) -> list[str]:
        by_key = {item.key: escape(str(item.label)) for item in source_texts(self.campaign)}
        return [by_key[key] for key in keys]

    def test_a_current_translation_is_marked_nowhere(self):
        self.assertNotContains(self.client.get(LIST), "Outdated")
        form = self.client.get(FORM)
        self.assertNotContains(form, NOTICE)
        self.assertEqual(marked_changed(form.content.decode()), [])
        page = self.client.get(PAGE)
        self.assertContains(page, 'class="muted translation-note"')
        self.assertNotContains(page, READER_NOTE)

    def test_a_changed_original_is_shown_on_the_list_the_form_and_the_readers_page(self):
        demand = self.campaign.demands.order_by("position").first()
        demand.text = "Fair wages now"
        demand.save()
        self.assertContains(self.client.get(LIST), "Outdated: 1 text of the original changed")
        self.campaign.title = "Spring of Action 2031"
        self.campaign.save()
        self.assertContains(self.client.get(LIST), "Outdated: 2 texts of the original changed")

        form = self.client.get(FORM)
        self.assertContains(form, NOTICE)
        self.assertEqual(
            marked_changed(form.content.decode()), self.labels("title", f"demands.{demand.pk}")
        )
        self.assertContains(self.client.get(PAGE), READER_NOTE)

        # Saved again from the current original: nothing is marked any more.
        self.translate()
        self.assertNotContains(self.client.get(LIST), "Outdated")
        self.assertNotContains(self.client.get(FORM), NOTICE)
        self.assertNotContains(self.client.get(PAGE), READER_NOTE)

    def test_the_marks_are_in_the_editors_language(self):
        self.campaign.title = "Spring of Action 2031"
        self.campaign.save()
        with translation.override("es"):
            outdated = ngettext(
                "Outdated: %(n)s text of the original changed",
                "Outdated: %(n)s texts of the original changed",
                1,
            ) % {"n": 1}
            changed, note = gettext("changed"), gettext(READER_NOTE)
        self.assertNotIn("Outdated", outdated)
        self.assertNotEqual(note, READER_NOTE)
        self.client.cookies["django_language"] = "es"
        self.assertContains(self.client.get(LIST), escape(outdated))
        form = self.client.get(FORM).content.decode()
        self.assertIn(f'<span class="badge stale">{escape(changed)}</span>', form)
        self.assertNotIn(NOTICE, form)
        self.assertContains(self.client.get(PAGE), escape(note))


class CaseStalePageTestCase(CaseTestCase):
    def test_a_changed_timeline_note_marks_the_readers_page(self):
        entry = self.open_case.entries.create(kind="charge", date=date(2025, 1, 1), note="Charged.")
        services.translation_save(
            translatable=CASE,
            source=self.open_case,
            actor=self.coordinator,
            language="es",
            texts={
                "summary": "Un estibador acusado por una huelga.",
                f"entries.{entry.pk}": "Acusado.",
            },
        )
        page = "/cases/mehmet-demir/?lang=es"
        self.assertNotContains(self.client.get(page), READER_NOTE)
        entry.note = "Charged with obstruction."
        entry.save()
        self.assertContains(self.client.get(page), READER_NOTE)
