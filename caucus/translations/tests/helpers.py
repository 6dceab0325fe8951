"""A campaign of "united" (caucus/campaigns/tests/helpers.py) and its Greek translation."""

from caucus.campaigns.tests.helpers import make_campaign
from caucus.campaigns.translatable import CAMPAIGN
from caucus.test import BaseTestCase
from caucus.translations import services

GREEK_TITLE = "Άνοιξη της δράσης"


def greek_texts(campaign) -> dict[str, str]:
    """Every text of the campaign, in Greek (targets may stay as they are)."""
    first, second = campaign.days.order_by("date")
    wages, unions = campaign.demands.order_by("position")
    return {
        "title": GREEK_TITLE,
        "summary": "Δύο εβδομάδες",
        "description": "Τοπικές δράσεις σε **κάθε** πόλη.",
        f"demands.{wages.pk}": "Δίκαιοι μισθοί",
        f"demands.{unions.pk}": "Ελεύθερα συνδικάτα",
        f"days.{first.pk}": "Πρώτη μέρα",
        f"days.{second.pk}": "Δεύτερη μέρα",
    }


class CampaignTranslationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.is_public = True
        cls.coalition.save()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.campaign.description = "Local actions in **every** city."
        cls.campaign.save()

    def translate(self, language="el", texts=None, **meta):
        return services.translation_save(
            translatable=CAMPAIGN,
            source=self.campaign,
            actor=self.coordinator,
            language=language,
            texts=texts if texts is not None else greek_texts(self.campaign),
            **meta,
        )
