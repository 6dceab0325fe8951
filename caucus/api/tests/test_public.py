"""Public reads: anyone may list and read what the public site shows, and no more."""

from django.test import Client

from caucus.api.tests.helpers import ApiTestCase
from caucus.coalitions.models import Coalition, MemberListVisibility
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Body, Organization
from caucus.test import OK, expect

PROFILE_FIELDS = {
    "name",
    "short_name",
    "slug",
    "country",
    "languages",
    "website",
    "description_html",
    "logo",
}


class OrganizationListTestCase(ApiTestCase):
    def test_it_lists_listed_organizations_by_slug(self):
        Organization.objects.filter(slug="beta").update(is_public=False)
        with self.assertNumQueries(2):
            response = self.client.get("/api/v1/organizations")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["count"], 2)
        self.assertEqual([o["slug"] for o in data["items"]], ["alpha", "gamma"])
        self.assertEqual(set(data["items"][0]), PROFILE_FIELDS)

    def test_it_pages(self):
        response = self.client.get("/api/v1/organizations?page=2&page_size=2")
        base = absolute_url("/api/v1/organizations?page=")
        self.assertEqual(
            response.json(),
            {
                "items": [response.json()["items"][0]],
                "count": 3,
                "page": 2,
                "page_size": 2,
                "total_pages": 2,
                "next": None,
                "previous": base + "1&page_size=2",
            },
        )
        self.assertEqual(response.json()["items"][0]["slug"], "gamma")
        self.assertEqual(self.client.get("/api/v1/organizations?page=99").json()["items"], [])

    def test_it_refuses_bad_page_numbers(self):
        for query in ("page=0", "page=abc", "page_size=1000", "page=99999999999999999999999"):
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/organizations?{query}")
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["loc"][0], "query")


class OrganizationDetailTestCase(ApiTestCase):
    def test_it_shows_the_public_profile_only(self):
        Organization.objects.filter(slug="alpha").update(description="Internal notes")
        self.alpha.refresh_from_db()
        self.alpha.description = "We **organize**."
        self.alpha.save()
        data = self.client.get("/api/v1/organizations/alpha").json()
        self.assertEqual(set(data), PROFILE_FIELDS)
        self.assertEqual(data["description_html"], "<p>We <strong>organize</strong>.</p>\n")
        self.assertIsNone(data["logo"])

    def test_an_unlisted_organization_is_shown_to_its_members_only(self):
        Organization.objects.filter(slug="alpha").update(is_public=False)
        self.assertEqual(self.client.get("/api/v1/organizations/alpha").status_code, 404)
        outsider = self.as_("outsider", "token").get("/api/v1/organizations/alpha")
        self.assertEqual(outsider.status_code, 404)
        for via in ("session", "token"):
            response = self.as_("delegate", via).get("/api/v1/organizations/alpha")
            self.assertEqual(response.status_code, 200)

    def test_an_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/api/v1/organizations/nope").status_code, 404)

    def test_it_lists_bodies(self):
        Body.objects.create(organization=self.alpha, name="Congress", slug="congress")
        response = self.client.get("/api/v1/organizations/alpha/bodies")
        self.assertEqual(
            response.json()["items"], [{"name": "Congress", "slug": "congress", "description": ""}]
        )


class CoalitionListTestCase(ApiTestCase):
    def test_it_lists_listed_coalitions(self):
        Coalition.objects.create(slug="hidden", name="Hidden", is_public=False)
        Coalition.objects.create(slug="open", name="Open")
        with self.assertNumQueries(2):
            data = self.client.get("/api/v1/coalitions").json()
        self.assertEqual([c["slug"] for c in data["items"]], ["open", "united"])
        self.assertEqual(data["count"], 2)


class CoalitionDetailTestCase(ApiTestCase):
    """The member list follows the coalition's choice; the count is always public."""

    def get(self, client: Client):
        response = client.get("/api/v1/coalitions/united")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_it_shows_the_current_platform(self):
        with self.assertNumQueries(3):  # the coalition, its platform, its member count
            data = self.get(self.client)
        self.assertEqual(data["platform"]["number"], 1)
        self.assertEqual(data["platform"]["points"], ["First point", "Second point"])
        self.assertEqual(data["member_list"], "members")

    def test_the_member_list_is_for_the_members_and_the_count_for_anyone(self):
        """Everyone reads the coalition; only the member organizations' people (nomfa too: a
        read needs no second factor) see its member list."""
        members = {"delegate", "nomfa", "editor", "org_admin", "coordinator", "gamma_admin"}

        def member_list(role, response) -> None:
            data = response.json()
            self.assertEqual(data["member_count"], 2)
            if role in members:
                slugs = sorted(m["organization"]["slug"] for m in data["members"])
                self.assertEqual(slugs, ["alpha", "gamma"])
            else:
                self.assertIsNone(data["members"])

        self.check_api("get", "/coalitions/united", expect(OK), then=member_list)

    def test_a_public_member_list_is_shown_to_anyone(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(
            member_list=MemberListVisibility.PUBLIC
        )
        members = self.get(Client())["members"]
        self.assertEqual(len(members), 2)
        self.assertEqual(set(members[0]["organization"]), {"slug", "name", "short_name", "country"})

    def test_an_unlisted_coalition_is_shown_to_its_members_only(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(is_public=False)
        self.assertEqual(Client().get("/api/v1/coalitions/united").status_code, 404)
        self.assertEqual(self.as_("outsider").get("/api/v1/coalitions/united").status_code, 404)
        self.assertIsNotNone(self.get(self.as_("delegate", "token"))["members"])

    def test_a_coalition_without_platform(self):
        Coalition.objects.create(slug="young", name="Young")
        data = Client().get("/api/v1/coalitions/young").json()
        self.assertEqual((data["platform"], data["member_count"], data["members"]), (None, 0, None))
