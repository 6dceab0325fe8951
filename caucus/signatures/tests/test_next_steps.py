"""After signing and after confirming, never a dead end: share links, an action near you for
the campaigns that link the statement, and the author's feeds and fediverse account."""

from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import Coalition
from caucus.signatures.tests.helpers import SignaturesTestCase


class NextStepsTestCase(SignaturesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Coalition.objects.filter(pk=cls.coalition.pk).update(is_public=True)
        cls.coalition.refresh_from_db()
        cls.campaign = make_campaign(cls.coalition)
        cls.campaign.statements.add(cls.statement)

    def assertNextSteps(self, html: str) -> None:
        self.assertIn("What next?", html)
        address = "http%3A%2F%2F127.0.0.1%3A8000%2Fs%2Fdeclaration%2F"
        self.assertIn(f"https://t.me/share/url?url={address}", html)
        self.assertIn('href="/s/declaration/share/mastodon/"', html)
        self.assertIn(f'href="/campaigns/{self.campaign.slug}/near/"', html)
        self.assertIn('href="/statements/coalition/united/atom/"', html)
        self.assertIn('href="/statements/coalition/united/rss/"', html)
        self.assertIn(">@united@127.0.0.1:8000</bdi>", html)

    def test_the_thanks_page_without_javascript_offers_the_next_steps(self):
        response = self.sign()
        self.assertRedirects(response, "/s/declaration/sign/thanks/")
        self.assertNextSteps(self.client.get(response.url).content.decode())

    def test_the_htmx_answer_offers_them_in_place_of_the_form(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/s/declaration/sign/",
                {"name": "Ana", "email": "ana@example.net"},
                headers={"HX-Request": "true"},
            )
        html = response.content.decode()
        self.assertIn("Check your email", html)
        self.assertNextSteps(html)

    def test_the_confirmed_page_offers_them(self):
        self.sign()
        path = self.link("confirm")
        html = self.client.post(path).content.decode()
        self.assertIn("Thank you: your signature counts", html)
        self.assertNextSteps(html)

    def test_a_private_coalition_shows_no_campaign_and_no_fediverse_account(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(is_public=False)
        html = self.client.get(self.sign().url).content.decode()
        self.assertIn("https://t.me/share/url", html)
        self.assertNotIn("/near/", html)
        self.assertNotIn("@united@", html)
