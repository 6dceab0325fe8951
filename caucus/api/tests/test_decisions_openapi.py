"""The OpenAPI document lists every endpoint of decisions with its refusals, and the docs
page still renders."""

from django.test import TestCase

C = "/api/v1/coalitions/{slug}"
M = C + "/meetings/{pk}"
ENDPOINTS = {
    ("get", C + "/meetings"): "200",
    ("post", C + "/meetings"): "201",
    ("get", M): "200",
    ("patch", M): "200",
    ("post", M + "/cancel"): "200",
    ("post", M + "/agenda"): "201",
    ("patch", M + "/agenda/{item_id}"): "200",
    ("post", M + "/agenda/{item_id}/move"): "200",
    ("delete", M + "/agenda/{item_id}"): "204",
    ("patch", M + "/attendance"): "200",
    ("get", M + "/minutes"): "200",
    ("post", M + "/minutes"): "201",
    ("post", M + "/minutes/{number}/approve"): "200",
    ("get", C + "/actions"): "200",
    ("post", C + "/actions"): "201",
    ("post", C + "/actions/{pk}/status"): "200",
    ("get", C + "/motions"): "200",
    ("post", C + "/motions"): "201",
    ("get", C + "/motions/{pk}"): "200",
    ("post", C + "/motions/{pk}/vote"): "201",
    ("get", C + "/weights"): "200",
    ("patch", C + "/weights"): "200",
    ("get", C + "/votes/{pk}"): "200",
    ("get", C + "/votes/{pk}/ledger"): "200",
    ("get", C + "/votes/{pk}/verify"): "200",
    ("post", C + "/votes/{pk}/ballots"): "201",
}


class DecisionsOpenApiTestCase(TestCase):
    def test_every_endpoint_is_documented_with_its_refusals(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for (method, path), success in ENDPOINTS.items():
            with self.subTest(method=method, path=path):
                operation = paths[path][method]
                refusals = {"400", "401", "403", "404", "422", "429"}
                if method != "get":
                    refusals.add("409")
                self.assertEqual(set(operation["responses"]), {success, *refusals})
                self.assertEqual(operation["security"], [{"TokenAuth": []}, {"SessionAuth": []}])
                self.assertTrue(operation.get("description") or operation.get("summary"))

    def test_the_docs_page_renders(self):
        response = self.client.get("/api/docs")
        self.assertContains(response, "/api/openapi.json")
