from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.test import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_it_lists_public_coalitions_and_organizations(self):
        Organization.objects.filter(slug="gamma").update(is_public=False)
        Coalition.objects.create(slug="hidden", name="Hidden Coalition", is_public=False)
        response = self.client.get("/")
        self.assertContains(response, "United Coalition")
        self.assertContains(response, "Alpha Union")
        self.assertNotContains(response, "Gamma Union")
        self.assertNotContains(response, "Hidden Coalition")

    def test_it_needs_few_queries(self):
        with self.assertNumQueries(3):  # coalitions, organizations, latest statements
            self.client.get("/")


class OrganizationPageTestCase(BaseTestCase):
    def test_a_private_org_is_hidden_from_outsiders_but_not_members(self):
        Organization.objects.filter(slug="alpha").update(is_public=False)
        self.assertEqual(self.client.get("/o/alpha/").status_code, 404)
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.get("/o/alpha/").status_code, 200)

    def test_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/o/nope/").status_code, 404)


class CoalitionPageTestCase(BaseTestCase):
    def test_it_shows_the_numbered_platform(self):
        response = self.client.get("/c/united/")
        self.assertContains(response, '<ol class="platform">')
        self.assertContains(response, "Second point")

    def test_a_private_coalition_is_hidden(self):
        Coalition.objects.filter(slug="united").update(is_public=False)
        self.assertEqual(self.client.get("/c/united/").status_code, 404)
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.get("/c/united/").status_code, 200)


class LanguageTestCase(BaseTestCase):
    def test_arabic_is_right_to_left(self):
        self.client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
        response = self.client.get("/")
        self.assertContains(response, '<html lang="ar" dir="rtl">')

    def test_accept_language_picks_spanish(self):
        response = self.client.get("/", headers={"accept-language": "es"})
        self.assertContains(response, '<html lang="es" dir="ltr">')

    def test_country_names_follow_the_language(self):
        self.client.post("/i18n/setlang/", {"language": "es", "next": "/"})
        self.assertContains(self.client.get("/o/alpha/"), "Turquía")

    def test_the_language_switch_sets_the_cookie_and_stays_on_site(self):
        response = self.client.get("/i18n/language/", {"language": "tr", "next": "/o/alpha/"})
        self.assertRedirects(response, "/o/alpha/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/o/alpha/"), '<html lang="tr" dir="ltr">')
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            with self.subTest(target=target):
                response = self.client.get("/i18n/language/", {"language": "tr", "next": target})
                self.assertEqual(response["Location"], "/")
        response = self.client.get("/i18n/language/", {"language": "xx", "next": "/"})
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get("/"), '<html lang="tr" dir="ltr">')
        self.assertEqual(self.client.post("/i18n/language/", {"language": "es"}).status_code, 405)
