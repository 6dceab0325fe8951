"""The signatures API: public reads and signing for one's organization."""

import json

from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.signatures.tests.test_manage import add


class SignaturesApiTestCase(SignaturesTestCase):
    def post(self, url, data):
        return self.client.post(url, json.dumps(data), content_type="application/json")

    def test_it_reads_the_count_and_the_names(self):
        add(self.statement, 60, show_name=True)
        self.assertEqual(
            self.client.get("/api/v1/statements/declaration/signatures/count").json()["count"], 60
        )
        page = self.client.get("/api/v1/statements/declaration/signatures/names").json()
        self.assertEqual((len(page["items"]), page["count"], page["total_pages"]), (50, 60, 2))
        self.assertNotIn("email", page["items"][0])
        first = page["items"][0]["id"]
        add(self.statement, 5, show_name=True, prefix="203.0.113.0/24")  # `before` keeps them out
        rest = self.client.get(page["next"] + f"&before={first + 1}").json()
        self.assertEqual((len(rest["items"]), rest["next"]), (10, None))
        self.assertEqual(rest["items"][0]["id"], page["items"][-1]["id"] - 1)
        bad = self.client.get("/api/v1/statements/declaration/signatures/names?before=-3")
        self.assertEqual(bad.status_code, 422)

    def test_a_delegate_signs_for_their_organization(self):
        self.client.force_login(self.delegate)
        response = self.post(
            "/api/v1/statements/declaration/signatures/organizations", {"organization": "alpha"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["state"], "signed")
        path = "/api/v1/statements/declaration/signatures/organizations"
        listed = self.client.get(path).json()["items"]
        self.assertEqual([o["organization"] for o in listed], ["alpha"])

    def test_it_refuses_signing_for_another_organization(self):
        self.client.force_login(self.delegate)
        response = self.post(
            "/api/v1/statements/declaration/signatures/organizations", {"organization": "beta"}
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.nomfa)
        response = self.post(
            "/api/v1/statements/declaration/signatures/organizations", {"organization": "alpha"}
        )
        self.assertEqual(response.json()["code"], "mfa_required")
        self.client.logout()
        response = self.post(
            "/api/v1/statements/declaration/signatures/organizations", {"organization": "alpha"}
        )
        self.assertEqual(response.status_code, 401)
        self.assertFalse(OrganizationSignature.objects.exists())

    def test_signing_twice_is_a_409(self):
        OrganizationSignature.objects.create(
            statement=self.statement,
            organization=self.alpha,
            version=self.statement.published_version,
            state=OrgState.SIGNED,
        )
        self.client.force_login(self.delegate)
        response = self.post(
            "/api/v1/statements/declaration/signatures/organizations", {"organization": "alpha"}
        )
        self.assertEqual(response.status_code, 409)  # already signed: a conflict
