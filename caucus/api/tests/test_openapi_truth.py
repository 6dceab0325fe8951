"""The OpenAPI document tells the truth about every operation (issue "API: tell the truth"):
public reads need no credentials, every refusal an operation can answer is documented, lists
come in one envelope or say how long they can be, and no type is one tools cannot check."""

import json

from django.test import TestCase

from caucus.api.api import api
from caucus.api.openapi import is_public

ENVELOPE = {"items", "count", "page", "page_size", "total_pages", "next", "previous"}


def operations(doc: dict):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def schema_of(doc: dict, response: dict) -> dict:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        return doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


class OpenApiTruthTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = json.loads(json.dumps(api.get_openapi_schema()))
        # A list: two routers may name the same relative path (/events/{uid} in v1 and OSDI).
        cls.public = [
            op
            for router in api._get_bound_routers()
            for view in router.path_operations.values()
            for op in view.operations
            if is_public(op)
        ]

    def test_public_operations_declare_no_security_and_others_a_sign_in(self):
        public = [o for _m, _p, o in operations(self.doc) if o.get("security") == [{}]]
        self.assertEqual(len(public), len(self.public))
        for method, path, operation in operations(self.doc):
            with self.subTest(method=method, path=path):
                self.assertIn(
                    operation["security"],
                    ([{}], [{"TokenAuth": []}, {"SessionAuth": []}]),
                )

    def test_every_operation_documents_the_refusals_any_can_answer(self):
        for method, path, operation in operations(self.doc):
            with self.subTest(method=method, path=path):
                responses = operation["responses"]
                self.assertLessEqual({"400", "401", "422", "429"}, set(responses))
                if "{" in path:
                    self.assertIn("404", responses)
                if method != "get":
                    self.assertIn("409", responses)
                self.assertIn("Retry-After", responses["429"]["headers"])
                error = schema_of(self.doc, responses["422"])
                self.assertEqual(set(error["required"]), {"detail"})
                self.assertEqual(set(error["properties"]), {"detail", "errors", "code"})

    def test_every_list_is_paginated_or_bounded(self):
        for method, path, operation in operations(self.doc):
            if method != "get":
                continue
            with self.subTest(path=path):
                schema = schema_of(self.doc, operation["responses"].get("200", {}))
                if schema.get("type") == "array":
                    self.assertIn("maxItems", schema)
                elif "items" in schema.get("properties", {}):
                    self.assertTrue(
                        set(schema["properties"]) >= ENVELOPE
                        or path.endswith("/signatures/names"),  # a cursor: see its docs
                        schema["properties"],
                    )

    def test_no_tuple_types(self):
        self.assertNotIn("prefixItems", json.dumps(self.doc))
