"""Any input to the translation form: an answer with field errors (400) or a save, never a
server error, and a refused form changes nothing."""

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.test_fuzz import FUZZ
from caucus.campaigns.models import CampaignTranslation
from caucus.campaigns.tests.helpers import make_campaign
from caucus.lib import dates
from caucus.test import BaseTestCase

FIELDS = ["language", "translator", "kind", "reviewed", "title", "summary", "description"]
VALUES = st.text(max_size=400) | st.sampled_from(["el", "en", "xx", "human", "machine", ""])


class TranslationFormInputTestCase(BaseTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        keys = [f"demands.{d.pk}" for d in cls.campaign.demands.all()]
        keys += [f"days.{d.pk}" for d in cls.campaign.days.all()]
        cls.keys = FIELDS + keys + ["demands.0", "nonsense"]

    @FUZZ
    @given(data=st.data())
    def test_any_form(self, data):
        form = data.draw(st.dictionaries(st.sampled_from(self.keys), VALUES, max_size=12))
        self.client.force_login(self.coordinator)
        before = list(CampaignTranslation.objects.values())
        response = self.client.post("/campaigns/spring/translations/new/", form)
        self.assertIn(response.status_code, (302, 400))
        if response.status_code == 400:
            self.assertEqual(list(CampaignTranslation.objects.values()), before)
            self.assertContains(response, 'role="alert"', status_code=400)


class TranslationFormLabelsTestCase(BaseTestCase):
    def test_translators_see_each_day_of_action_by_its_date_in_their_language(self):
        campaign = make_campaign(self.coalition, actor=self.coordinator)
        day = campaign.days.first()
        self.client.force_login(self.coordinator)
        page = self.client.get(
            "/campaigns/spring/translations/new/?language=es", HTTP_ACCEPT_LANGUAGE="es"
        )
        self.assertNotContains(page, day.date.isoformat())
        with translation.override("es"):
            self.assertContains(page, f"{dates.format_date(day.date)}")
