"""Every capability of issue 4 through the API, with the web's forms and refusals: drafting,
details, versions, amendments, the lifecycle, republication, the embed, and signing for
organizations after the first signature (re-confirm, withdraw, answer requests to co-sign)."""

from django.conf import settings
from django.core import mail

from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.organizations.models import Body
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.statements.models import Amendment, OpeningNotice, Republication, Statement, Status
from caucus.statements.tests.helpers import ApiFixtures, snapshot
from caucus.topics.models import Topic


class StatementApiTestCase(ApiFixtures, ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_api_fixtures()
        cls.d = f"/statements/{cls.draft.slug}"
        cls.p = f"/statements/{cls.published.slug}"
        Topic.objects.create(slug="labour", name="Labour")

    def send(self, role: str, method: str, path: str, body=None):
        return self.call(self.as_(role, "token"), method, path, body)

    def assertFields(self, response, *fields: str) -> None:
        """422, the errors name `fields`, and nothing changed (compared by the caller); a
        refusal of the request as a whole by the statement's state ("") is a 409."""
        self.assertEqual(response.status_code, 409 if fields == ("",) else 422, response.content)
        named = {".".join(str(p) for p in e["loc"][1:]) for e in response.json()["errors"]}
        self.assertEqual(named, set(fields), response.content)

    def assertRefusedWithout(self, before, response, *fields: str) -> None:
        self.assertFields(response, *fields)
        self.assertEqual(snapshot(), before)


class DraftingApiTestCase(StatementApiTestCase):
    def test_a_member_starts_a_statement_for_a_body_of_the_organization(self):
        body = Body.objects.create(organization=self.alpha, name="Executive Committee")
        response = self.send(
            "delegate",
            "post",
            "/organizations/alpha/statements",
            {
                "author": str(body.pk),
                "title": "On the strike",
                "body": "We support the strike.",
                "language": "es",
                "dateline_date": "2026-05-01",
                "dateline_place": "Santiago",
                "topics": ["labour"],
                "regions": ["Chile", "south america"],
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        statement = Statement.objects.get(slug=response.json()["slug"])
        self.assertEqual(statement.author_body, body)
        self.assertEqual(
            (statement.topics, statement.regions), (["labour"], ["chile", "south-america"])
        )
        self.assertEqual(statement.current_version.number, 1)
        self.assertEqual(response.json()["status"], "draft")

    def test_bad_drafts_are_refused_by_field(self):
        other_body = Body.objects.create(organization=self.beta, name="Board")
        before = snapshot()
        base = {"title": "T", "body": "B", "language": "en"}
        cases = [
            ({**base, "author": str(other_body.pk)}, "author"),
            ({**base, "title": ""}, "title"),
            ({**base, "body": "   "}, "body"),
            ({**base, "language": "xx"}, "language"),
            ({**base, "topics": ["not-a-topic"]}, "topics"),
            ({**base, "regions": [f"r{n}" for n in range(13)]}, "regions"),
            ({**base, "dateline_date": "yesterday"}, "dateline_date"),
            ({**base, "title": "a\x00b"}, "title"),
            ({"body": "B", "language": "en"}, "title"),
        ]
        for body, field in cases:
            with self.subTest(field=field, body=body):
                response = self.send("delegate", "post", "/organizations/alpha/statements", body)
                self.assertRefusedWithout(before, response, field)

    def test_a_coalition_statement_ignores_the_author_field(self):
        body = {"title": "Joint", "body": "B", "language": "en", "author": "org"}
        response = self.send("coordinator", "post", "/coalitions/united/statements", body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            Statement.objects.get(slug=response.json()["slug"]).author_coalition, self.coalition
        )

    def test_drafters_edit_the_details_sent_and_nothing_else(self):
        response = self.send(
            "coordinator", "patch", self.d, {"teaser": "Short.", "regions": ["Peru"]}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.draft.refresh_from_db()
        self.assertEqual(
            (self.draft.teaser, self.draft.regions, self.draft.language), ("Short.", ["peru"], "en")
        )
        entry = AuditEntry.objects.filter(action="statement.updated").latest("pk")
        self.assertEqual(entry.data["fields"], "teaser, regions")

    def test_bad_details_are_refused_by_field(self):
        before = snapshot()
        for body, field in [
            ({"language": "xx"}, "language"),
            ({"teaser": None}, "teaser"),
            ({"teaser": "t" * 301}, "teaser"),
            ({"dateline_date": "2026-13-01"}, "dateline_date"),
            ({"topics": "labour"}, "topics"),
        ]:
            with self.subTest(body=body):
                response = self.send("coordinator", "patch", self.d, body)
                self.assertRefusedWithout(before, response, field)

    def test_versions_one_by_one_and_the_text_readers_may_see(self):
        self.assertEqual(
            self.send("delegate", "get", self.d + "/versions/2").json()["body"],
            self.draft.current_version.body,
        )
        self.assertEqual(self.send("delegate", "get", self.d + "/versions/3").status_code, 404)
        for path in (
            "/versions/0",
            "/versions/99999999999999999999",
            "/versions/x",
            "/compare?old=1&new=-1",
            "/compare?old=1",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.send("delegate", "get", self.d + path).status_code, 422)


class AmendmentApiTestCase(StatementApiTestCase):
    def test_a_stale_amendment_is_moved_then_accepted(self):
        detail = self.send("delegate", "get", self.d + "/amendments/1").json()
        self.assertEqual((detail["stale"], detail["rebasable"], detail["version"]), (True, True, 1))
        before = snapshot()
        self.assertFields(self.send("coordinator", "post", self.d + "/amendments/1/accept"), "")
        self.assertEqual(snapshot(), before)
        response = self.send("delegate", "post", self.d + "/amendments/1/rebase")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["version"], response.json()["stale"]), (2, False))
        response = self.send("coordinator", "post", self.d + "/amendments/1/accept")
        self.assertEqual(response.json()["number"], 3)
        detail = self.send("delegate", "get", self.d + "/amendments/1").json()
        self.assertEqual((detail["state"], detail["result_version"]), ("accepted", 3))
        self.assertIn("a living wage", self.draft.versions.get(number=3).body)

    def test_refusals_of_deciding_change_nothing(self):
        before = snapshot()
        self.assertFields(self.send("coordinator", "post", self.d + "/amendments/2/rebase"), "")
        self.assertFields(
            self.send("coordinator", "post", self.d + "/amendments/2/reject", {"reply": " "}),
            "reply",
        )
        self.assertFields(
            self.send("coordinator", "post", self.d + "/amendments/2/reject", {}), "reply"
        )
        for number in ("0", "2147483648", "abc"):
            self.assertEqual(
                self.send(
                    "coordinator", "post", f"{self.d}/amendments/{number}/accept"
                ).status_code,
                422,
            )
        self.assertEqual(
            self.send("coordinator", "post", self.d + "/amendments/9/accept").status_code, 404
        )
        self.assertEqual(snapshot(), before)
        self.assertEqual(Amendment.objects.filter(state="open").count(), 3)


class LifecycleApiTestCase(StatementApiTestCase):
    def test_opening_tells_the_member_organizations_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.send("coordinator", "post", self.d + "/open")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "open")
        self.assertEqual(len(mail.outbox), OpeningNotice.objects.count())
        self.assertTrue(mail.outbox)
        before = snapshot()
        self.assertFields(self.send("coordinator", "post", self.d + "/open"), "")
        self.assertEqual(snapshot(), before)

    def test_scheduling_then_withdrawing(self):
        body = {"published_at": "2099-01-01T10:00", "zone": "America/Santiago"}
        response = self.send("coordinator", "post", self.d + "/publish", body)
        self.assertEqual(response.status_code, 200, response.content)
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.is_scheduled)
        self.assertEqual(self.draft.published_at.isoformat(), "2099-01-01T13:00:00+00:00")
        before = snapshot()
        self.assertFields(
            self.send("coordinator", "post", self.d + "/withdraw", {"reason": ""}), "reason"
        )
        self.assertFields(
            self.send("coordinator", "post", self.p + "/publish", {"zone": "Mars/Base"}), "zone"
        )
        self.assertFields(
            self.send("coordinator", "post", self.p + "/publish", {"published_at": "soon"}),
            "published_at",
        )
        self.assertEqual(snapshot(), before)
        response = self.send("coordinator", "post", self.d + "/withdraw", {"reason": "Overtaken."})
        self.assertEqual(response.json()["status"], "withdrawn")

    def test_a_draft_cannot_be_withdrawn_and_a_withdrawn_one_not_published(self):
        self.send("coordinator", "post", self.p + "/withdraw", {"reason": "Overtaken."})
        before = snapshot()
        self.assertFields(
            self.send("coordinator", "post", self.d + "/withdraw", {"reason": "r"}), ""
        )
        self.assertFields(self.send("coordinator", "post", self.p + "/publish", {}), "")
        self.assertFields(self.send("coordinator", "patch", self.p, {"teaser": "t"}), "")
        self.assertEqual(snapshot(), before)
        self.assertEqual(self.send("anonymous", "get", self.p).json()["status"], Status.WITHDRAWN)


class SharingApiTestCase(StatementApiTestCase):
    def test_another_organization_republishes_once(self):
        response = self.send(
            "outsider",
            "post",
            self.p + "/republications",
            {"organization": "beta", "note": "With us."},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["url"], f"/s/{self.published.slug}/via/beta/")
        listed = self.send("anonymous", "get", self.p + "/republications").json()["items"]
        self.assertEqual([r["organization"] for r in listed], ["beta"])
        before = snapshot()
        again = self.send("outsider", "post", self.p + "/republications", {"organization": "beta"})
        self.assertRefusedWithout(before, again, "organization")
        self.assertRefusedWithout(
            before, self.send("outsider", "post", self.p + "/republications", {}), "organization"
        )
        self.assertEqual(Republication.objects.count(), 1)

    def test_the_embed_has_a_card_a_counter_the_count_and_the_feeds(self):
        data = self.send("anonymous", "get", self.p + "/embed").json()
        self.assertEqual((data["statement"], data["count"]), (self.published.slug, 0))
        self.assertIn(f"/s/{self.published.slug}/", data["html"])
        self.assertNotIn("<script", data["html"])
        self.assertIn("<iframe", data["counter_html"])
        self.assertTrue(
            data["count_url"].endswith(f"/s/{self.published.slug}/signatures/count.json")
        )
        feeds = {(f["type"], f["url"]) for f in data["feeds"]}
        atom = settings.SITE_URL + "/statements/coalition/united/atom/"
        self.assertIn(("application/atom+xml", atom), feeds)


class OrganizationSigningApiTestCase(StatementApiTestCase):
    def signature(self, org):
        return OrganizationSignature.objects.get(statement=self.published, organization=org)

    def test_an_organization_reconfirms_then_withdraws(self):
        path = f"{self.p}/signatures/organizations/alpha"
        response = self.send("org_admin", "post", path + "/reconfirm")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["version"], response.json()["state"]), (2, "signed"))
        self.assertTrue(AuditEntry.objects.filter(action="signature.org_reconfirmed").exists())
        before = snapshot()
        self.assertFields(self.send("org_admin", "post", path + "/reconfirm"), "")
        self.assertEqual(snapshot(), before)
        response = self.send("delegate", "post", path + "/withdraw")
        self.assertEqual(response.json()["state"], "withdrawn")
        self.assertTrue(AuditEntry.objects.filter(action="signature.org_withdrawn").exists())
        before = snapshot()
        self.assertFields(self.send("delegate", "post", path + "/withdraw"), "")
        self.assertFields(self.send("delegate", "post", path + "/reconfirm"), "")
        self.assertEqual(snapshot(), before)

    def test_an_organization_that_never_signed_has_nothing_to_change(self):
        self.assertEqual(
            self.send(
                "outsider", "post", f"{self.p}/signatures/organizations/beta/reconfirm"
            ).status_code,
            409,
        )
        self.send("outsider", "post", f"{self.p}/signatures/organizations/beta/withdraw")
        self.assertEqual(self.signature(self.beta).state, OrgState.WITHDRAWN)  # its request
        self.assertEqual(
            self.send(
                "delegate", "post", f"{self.p}/signatures/organizations/nowhere/withdraw"
            ).status_code,
            404,
        )

    def test_coordinators_answer_requests_and_the_requester_is_told(self):
        listed = self.send("coordinator", "get", self.p + "/signatures/requests").json()["items"]
        self.assertEqual([(r["organization"], r["version"]) for r in listed], [("beta", 2)])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.send(
                "coordinator", "post", f"{self.p}/signatures/requests/{self.request.pk}/approve"
            )
        self.assertEqual(response.json()["state"], "signed")
        self.assertEqual([m.to for m in mail.outbox], [["outsider@example.org"]])
        before = snapshot()
        again = self.send(
            "coordinator", "post", f"{self.p}/signatures/requests/{self.request.pk}/decline"
        )
        self.assertRefusedWithout(before, again, "")
        for pk in ("0", "9223372036854775808", "x"):
            self.assertEqual(
                self.send(
                    "coordinator", "post", f"{self.p}/signatures/requests/{pk}/approve"
                ).status_code,
                422,
            )
        other = self.signature(self.gamma).pk
        self.assertFields(
            self.send("coordinator", "post", f"{self.p}/signatures/requests/{other}/decline"), ""
        )
        self.assertEqual(
            self.send("coordinator", "get", self.p + "/signatures/requests").json()["items"], []
        )


class StatementOpenApiTestCase(ApiTestCase):
    """Every capability of issue 4 has its endpoint in the OpenAPI document."""

    def test_the_document_lists_every_statement_endpoint(self):
        s, org = "/api/v1/statements/{slug}", "/signatures/organizations/{org_slug}"
        expected = {
            ("get", "/api/v1/statements"),
            ("post", "/api/v1/organizations/{slug}/statements"),
            ("get", "/api/v1/organizations/{slug}/statements"),
            ("post", "/api/v1/coalitions/{slug}/statements"),
            ("get", "/api/v1/coalitions/{slug}/statements"),
            ("get", s),
            ("patch", s),
            ("get", s + "/versions"),
            ("post", s + "/versions"),
            ("get", s + "/versions/{number}"),
            ("get", s + "/compare"),
            ("get", s + "/amendments"),
            ("post", s + "/amendments"),
            ("get", s + "/amendments/{number}"),
            ("post", s + "/amendments/{number}/accept"),
            ("post", s + "/amendments/{number}/reject"),
            ("post", s + "/amendments/{number}/rebase"),
            ("post", s + "/open"),
            ("post", s + "/publish"),
            ("post", s + "/withdraw"),
            ("get", s + "/translations"),
            ("put", s + "/translations/{language}"),
            ("get", s + "/republications"),
            ("post", s + "/republications"),
            ("get", s + "/embed"),
            ("get", s + "/signatures/count"),
            ("get", s + "/signatures/organizations"),
            ("post", s + "/signatures/organizations"),
            ("post", s + org + "/reconfirm"),
            ("post", s + org + "/withdraw"),
            ("get", s + "/signatures/requests"),
            ("post", s + "/signatures/requests/{pk}/approve"),
            ("post", s + "/signatures/requests/{pk}/decline"),
        }
        doc = self.client.get("/api/openapi.json").json()
        listed = {(method, path) for path, ops in doc["paths"].items() for method in ops}
        self.assertEqual(expected - listed, set())
        public = doc["paths"][s + "/embed"]["get"]["security"]
        self.assertEqual(public, [{}])  # no credentials needed
        create = doc["paths"]["/api/v1/coalitions/{slug}/statements"]["post"]
        self.assertEqual(
            set(create["responses"]), {"201", "400", "401", "403", "404", "409", "422", "429"}
        )
