"""The OpenAPI document and its docs page describe every endpoint and how to sign in."""

from django.test import TestCase

ENDPOINTS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{slug}"),
    ("patch", "/api/v1/organizations/{slug}"),
    ("post", "/api/v1/organizations/{slug}/logo"),
    ("delete", "/api/v1/organizations/{slug}/logo"),
    ("get", "/api/v1/organizations/{slug}/bodies"),
    ("post", "/api/v1/organizations/{slug}/bodies"),
    ("get", "/api/v1/organizations/{slug}/members"),
    ("patch", "/api/v1/organizations/{slug}/members/{member_id}"),
    ("delete", "/api/v1/organizations/{slug}/members/{member_id}"),
    ("get", "/api/v1/organizations/{slug}/invitations"),
    ("post", "/api/v1/organizations/{slug}/invitations"),
    ("post", "/api/v1/organizations/{slug}/invitations/{invitation_id}/revoke"),
    ("get", "/api/v1/organizations/{slug}/audit"),
    ("get", "/api/v1/coalitions"),
    ("post", "/api/v1/coalitions"),
    ("get", "/api/v1/coalitions/{slug}"),
    ("patch", "/api/v1/coalitions/{slug}"),
    ("get", "/api/v1/coalitions/{slug}/memberships"),
    ("post", "/api/v1/coalitions/{slug}/invitations"),
    ("post", "/api/v1/coalitions/{slug}/members/{org_slug}/respond"),
    ("post", "/api/v1/coalitions/{slug}/members/{org_slug}/leave"),
    ("post", "/api/v1/coalitions/{slug}/members/{org_slug}/remove"),
    ("post", "/api/v1/coalitions/{slug}/platform"),
    ("get", "/api/v1/coalitions/{slug}/platform/versions"),
    ("get", "/api/v1/coalitions/{slug}/coordinators"),
    ("post", "/api/v1/coalitions/{slug}/coordinators"),
    ("get", "/api/v1/coalitions/{slug}/coordinators/candidates"),
    ("delete", "/api/v1/coalitions/{slug}/coordinators/{coordinator_id}"),
    ("get", "/api/v1/coalitions/{slug}/audit"),
}


class OpenApiTestCase(TestCase):
    def test_the_document_lists_every_endpoint_of_the_foundation(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["info"]["title"], "Caucus API")
        listed = {(method, path) for path, ops in doc["paths"].items() for method in ops}
        self.assertEqual(ENDPOINTS - listed, set())  # other apps add their own

    def test_it_describes_both_ways_to_sign_in_and_the_error_shapes(self):
        doc = self.client.get("/api/openapi.json").json()
        schemes = doc["components"]["securitySchemes"]
        self.assertEqual(schemes["TokenAuth"], {"type": "http", "scheme": "bearer"})
        self.assertEqual(schemes["SessionAuth"]["in"], "cookie")
        invite = doc["paths"]["/api/v1/organizations/{slug}/invitations"]["post"]
        self.assertEqual(
            set(invite["responses"]), {"201", "400", "401", "403", "404", "409", "422", "429"}
        )
        self.assertIn("Authorization: Bearer", doc["info"]["description"])
        public = doc["paths"]["/api/v1/coalitions/{slug}"]["get"]["security"]
        self.assertEqual(public, [{}])  # no credentials needed

    def test_the_docs_page_loads_without_other_origins(self):
        response = self.client.get("/api/docs")
        self.assertContains(response, "/api/openapi.json")
        self.assertNotContains(response, "cdn.")
