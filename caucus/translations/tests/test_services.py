"""Saving a content translation: what is refused (per text), what is recorded, when it is stale."""

from django.core.exceptions import ValidationError

from caucus.audit.models import AuditEntry
from caucus.campaigns.models import CampaignTranslation
from caucus.translations.models import source_texts
from caucus.translations.tests.helpers import (
    GREEK_TITLE,
    CampaignTranslationTestCase,
    greek_texts,
)


class SaveTranslationTestCase(CampaignTranslationTestCase):
    def refused(self, **kwargs) -> dict:
        with self.assertRaises(ValidationError) as caught:
            self.translate(**kwargs)
        self.assertFalse(CampaignTranslation.objects.exists())
        return caught.exception.message_dict

    def test_it_keeps_columns_and_related_texts_and_the_source_hashes(self):
        translation = self.translate(translator="Eleni", reviewed=True)
        self.assertEqual(translation.title, GREEK_TITLE)
        target = self.campaign.targets.get()
        # The target's name was left as it is (optional): the reader sees the original's.
        expected = {**greek_texts(self.campaign), f"targets.{target.pk}": ""}
        self.assertEqual(translation.texts(), expected)
        keys = {item.key for item in source_texts(self.campaign)}
        self.assertEqual(set(translation.source_hashes), keys)
        self.assertFalse(translation.is_stale)
        entry = AuditEntry.objects.get(action="translation.content_saved")
        self.assertEqual(entry.coalition, self.coalition)
        self.assertEqual(entry.data["language"], "el")

    def test_a_second_save_replaces_the_same_row(self):
        self.translate()
        self.translate(texts={**greek_texts(self.campaign), "title": "Νέος τίτλος"})
        self.assertEqual(CampaignTranslation.objects.get().title, "Νέος τίτλος")

    def test_it_refuses_a_missing_text_by_its_key(self):
        texts = greek_texts(self.campaign)
        demand = next(key for key in texts if key.startswith("demands."))
        del texts[demand]
        self.assertEqual(list(self.refused(texts=texts)), [demand])

    def test_it_refuses_a_text_the_original_lacks(self):
        texts = {**greek_texts(self.campaign), "demands.999999": "Άλλο"}
        self.assertIn("demands.999999", self.refused(texts=texts))

    def test_it_refuses_a_text_longer_than_the_original_field(self):
        texts = {**greek_texts(self.campaign), "title": "Α" * 201}
        self.assertIn("title", self.refused(texts=texts))

    def test_it_refuses_the_original_language_and_unknown_codes(self):
        for language in ("en", "xx", "el-gr", ""):
            with self.subTest(language=language):
                self.assertIn("language", self.refused(language=language))

    def test_it_refuses_a_kind_other_than_human_or_machine(self):
        self.assertIn("kind", self.refused(kind="robot"))


class StaleTestCase(CampaignTranslationTestCase):
    def test_a_change_to_the_original_marks_the_changed_texts(self):
        translation = self.translate()
        demand = self.campaign.demands.order_by("position").first()
        demand.text = "Fair wages now"
        demand.save()
        translation = CampaignTranslation.objects.get()
        self.assertEqual(translation.stale_keys(), [f"demands.{demand.pk}"])

    def test_a_new_demand_makes_it_stale_and_a_deleted_one_does_not(self):
        self.translate()
        self.campaign.demands.order_by("position").first().delete()
        self.assertFalse(CampaignTranslation.objects.get().is_stale)
        self.campaign.demands.create(position=9, text="Safe work")
        self.assertTrue(CampaignTranslation.objects.get().is_stale)

    def test_spaces_at_line_ends_do_not_make_it_stale(self):
        self.translate()
        self.campaign.description = "Local actions in **every** city.   \r\n"
        self.campaign.save()
        self.assertFalse(CampaignTranslation.objects.get().is_stale)
