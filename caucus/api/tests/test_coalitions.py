"""Running a coalition through the API: founding, settings, members, platform, coordinators."""

from django.core import mail
from django.utils import timezone

from caucus.api.tests.helpers import ApiTestCase, db_state
from caucus.audit.models import AuditEntry
from caucus.coalitions.models import (
    Coalition,
    CoalitionMembership,
    Coordinator,
    MemberStatus,
    PlatformVersion,
)
from caucus.organizations.models import Organization


class CreateCoalitionTestCase(ApiTestCase):
    BODY = {
        "organization": "alpha",
        "name": "Harbour Alliance",
        "slug": "harbour",
        "description": "Ports *together*.",
        "member_list": "public",
        "is_public": False,
    }

    def test_a_delegate_founds_a_coalition_with_their_org(self):
        response = self.call(self.as_("delegate", "token"), "post", "/coalitions", self.BODY)
        self.assertEqual(response.status_code, 201)
        coalition = Coalition.objects.get(slug="harbour")
        self.assertEqual(response.json()["member_list"], "public")
        self.assertFalse(coalition.is_public)
        self.assertEqual(
            list(coalition.coordinators.values_list("user", flat=True)), [self.delegate.pk]
        )
        membership = CoalitionMembership.objects.get(coalition=coalition)
        self.assertEqual(
            (membership.organization, membership.status), (self.alpha, MemberStatus.ACTIVE)
        )
        self.assertTrue(AuditEntry.objects.filter(action="coalition.created").exists())

    def test_it_refuses_bad_input_with_field_messages(self):
        client = self.as_("delegate")
        before = db_state()
        cases = [
            ({"organization": "nope"}, "organization"),
            ({"slug": "united"}, "slug"),
            ({"slug": "Not a slug!"}, "slug"),
            ({"member_list": "everyone"}, "member_list"),
            ({"is_public": "maybe"}, "is_public"),
            ({"name": ""}, "name"),
            ({"name": ["a list"]}, "name"),
        ]
        for change, field in cases:
            with self.subTest(change=change):
                response = self.call(client, "post", "/coalitions", {**self.BODY, **change})
                self.assertIn(field, self.assertInvalid(response, before))
        response = self.call(client, "post", "/coalitions", {"name": "No org"})
        self.assertEqual(set(self.assertInvalid(response, before)), {"organization", "slug"})


class UpdateCoalitionTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("coordinator")

    def test_it_changes_the_visibility_and_logs_it_apart(self):
        response = self.call(
            self.client,
            "patch",
            "/coalitions/united",
            {"member_list": "public", "name": "United Front"},
        )
        self.assertEqual(response.status_code, 200)
        self.coalition.refresh_from_db()
        self.assertEqual(
            (self.coalition.member_list, self.coalition.name), ("public", "United Front")
        )
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertEqual(actions, {"coalition.visibility_changed", "coalition.updated"})
        public = self.client.get("/api/v1/coalitions/united").json()
        self.assertIsNotNone(public["members"])

    def test_it_refuses_a_taken_slug(self):
        Coalition.objects.create(slug="taken", name="Taken")
        before = db_state()
        response = self.call(self.client, "patch", "/coalitions/united", {"slug": "taken"})
        self.assertIn("slug", self.assertInvalid(response, before))
        response = self.call(self.client, "patch", "/coalitions/united", {"member_list": None})
        self.assertIn("member_list", self.assertInvalid(response, before))

    def test_an_unknown_coalition_is_404(self):
        before = db_state()
        response = self.call(self.client, "patch", "/coalitions/nope", {"name": "x"})
        self.assertRefused(response, 404, before)


class CoalitionMembersTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.delta = Organization.objects.create(slug="delta", name="Delta", country="FR")

    def invite(self, organization: str):
        with self.captureOnCommitCallbacks(execute=True):
            return self.call(
                self.as_("coordinator"),
                "post",
                "/coalitions/united/invitations",
                {"organization": organization},
            )

    def test_a_coordinator_invites_an_organization(self):
        response = self.invite("beta")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["status"], "invited")
        row = CoalitionMembership.objects.get(organization=self.beta)
        self.assertEqual((row.status, row.invited_by), (MemberStatus.INVITED, self.coordinator))
        self.assertEqual(mail.outbox[0].to, ["outsider@example.org"])

    def test_it_refuses_to_invite_a_member_or_an_unknown_org(self):
        before = db_state()
        for slug in ("gamma", "nope", ""):
            with self.subTest(slug=slug):
                self.assertIn("organization", self.assertInvalid(self.invite(slug), before))

    def test_the_invited_admin_accepts(self):
        self.invite("beta")
        client = self.as_("outsider", "token")
        response = self.call(
            client, "post", "/coalitions/united/members/beta/respond", {"answer": "accept"}
        )
        self.assertEqual(response.json()["status"], "active")
        row = CoalitionMembership.objects.get(organization=self.beta)
        self.assertIsNotNone(row.joined_at)
        self.assertIsNotNone(client.get("/api/v1/coalitions/united").json()["members"])
        me = self.as_("outsider").get("/api/v1/me").json()
        self.assertEqual(
            me["coalitions"],
            [{"slug": "united", "name": "United Coalition", "coordinating": False}],
        )

    def test_the_invited_admin_declines(self):
        self.invite("beta")
        me = self.as_("outsider").get("/api/v1/me").json()
        self.assertEqual(me["pending_coalition_invitations"][0]["coalition"]["slug"], "united")
        response = self.call(
            self.as_("outsider"),
            "post",
            "/coalitions/united/members/beta/respond",
            {"answer": "decline"},
        )
        self.assertEqual(response.json()["status"], "declined")

    def test_it_refuses_a_bad_answer_or_nothing_to_answer(self):
        self.invite("beta")
        client = self.as_("outsider")
        before = db_state()
        for answer in ("maybe", None, 1):
            with self.subTest(answer=answer):
                response = self.call(
                    client, "post", "/coalitions/united/members/beta/respond", {"answer": answer}
                )
                self.assertIn("answer", self.assertInvalid(response, before))
        response = self.call(
            self.as_("org_admin"),
            "post",
            "/coalitions/united/members/alpha/respond",
            {"answer": "accept"},
        )
        self.assertEqual(
            self.assertConflict(response, before), "There is no pending invitation to respond to."
        )
        response = self.call(
            self.as_("gamma_admin"),
            "post",
            "/coalitions/nope/members/gamma/respond",
            {"answer": "accept"},
        )
        self.assertRefused(response, 404, before)

    def test_an_admin_takes_their_org_out(self):
        response = self.call(
            self.as_("org_admin"), "post", "/coalitions/united/members/alpha/leave"
        )
        self.assertEqual(response.json()["status"], "left")
        row = CoalitionMembership.objects.get(organization=self.alpha)
        self.assertIsNotNone(row.left_at)
        before = db_state()
        response = self.call(
            self.as_("org_admin"), "post", "/coalitions/united/members/alpha/leave"
        )
        self.assertConflict(response, before)

    def test_a_coordinator_removes_a_member_org(self):
        response = self.call(
            self.as_("coordinator"), "post", "/coalitions/united/members/gamma/remove"
        )
        self.assertEqual(response.json()["status"], "left")
        self.assertTrue(AuditEntry.objects.filter(action="coalition.org_removed").exists())
        before = db_state()
        response = self.call(
            self.as_("coordinator"), "post", "/coalitions/united/members/delta/remove"
        )
        self.assertRefused(response, 404, before)

    def test_members_read_every_membership_with_dates(self):
        self.invite("beta")
        data = self.as_("delegate").get("/api/v1/coalitions/united/memberships").json()["items"]
        self.assertEqual(
            [(m["organization"]["slug"], m["status"]) for m in data],
            [("gamma", "active"), ("alpha", "active"), ("beta", "invited")],
        )


class PlatformTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("coordinator", "token")

    def save(self, body):
        return self.call(self.client, "post", "/coalitions/united/platform", body)

    def test_it_saves_a_new_version(self):
        response = self.save({"points": ["  One  ", "", "Two **bold**"], "note": "tidy"})
        self.assertEqual(response.status_code, 201)
        version = PlatformVersion.objects.get(number=2)
        self.assertEqual(
            (version.points, version.note, version.author),
            (["One", "Two **bold**"], "tidy", self.coordinator),
        )
        self.assertEqual(response.json()["points_html"][1], "<p>Two <strong>bold</strong></p>\n")
        public = self.client.get("/api/v1/coalitions/united").json()
        self.assertEqual(public["platform"]["number"], 2)

    def test_it_refuses_bad_platforms(self):
        before = db_state()
        cases = [
            ({"points": ["First point", "Second point"]}, "points", "Nothing changed"),
            ({"points": []}, "points", "at least one point"),
            ({"points": ["  "]}, "points", "at least one point"),
            ({"points": "One\n\nTwo"}, "points", "valid list"),
            ({"points": [1, 2]}, "points.0", "valid string"),
            ({"points": ["x"] * 101}, "points", "at most 100"),
            ({"points": ["x" * 30_000] * 2}, "points", "at most 50000 characters"),
            ({"points": ["ok"], "note": "n" * 301}, "note", "at most 300"),
            ({"note": "no points"}, "points", "Field required"),
        ]
        for body, field, message in cases:
            with self.subTest(body=str(body)[:40]):
                errors = self.assertInvalid(self.save(body), before)
                self.assertIn(message, " ".join(errors[field]))

    def test_members_read_the_history_newest_first(self):
        self.save({"points": ["Rewritten"]})
        for via in ("session", "token"):
            data = (
                self.as_("gamma_admin", via)
                .get("/api/v1/coalitions/united/platform/versions")
                .json()
            )
            self.assertEqual([v["number"] for v in data["items"]], [2, 1])
            self.assertEqual(data["items"][0]["author"], "Cora Coordinator")


class CoordinatorsTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("coordinator")

    def test_it_offers_members_of_active_orgs_as_candidates(self):
        data = self.client.get("/api/v1/coalitions/united/coordinators/candidates").json()["items"]
        names = [c["name"] for c in data]
        self.assertIn("Gina Gamma", names)
        self.assertNotIn("Bob Outsider", names)
        self.assertNotIn("Cora Coordinator", names)

    def test_it_adds_and_removes_a_coordinator(self):
        response = self.call(
            self.client, "post", "/coalitions/united/coordinators", {"user": self.gamma_admin.pk}
        )
        self.assertEqual(response.status_code, 201)
        coordinator = Coordinator.objects.get(user=self.gamma_admin)
        listed = self.as_("delegate").get("/api/v1/coalitions/united/coordinators").json()["items"]
        self.assertEqual([c["user"]["name"] for c in listed], ["Cora Coordinator", "Gina Gamma"])
        response = self.call(
            self.client, "delete", f"/coalitions/united/coordinators/{coordinator.pk}"
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Coordinator.objects.filter(pk=coordinator.pk).exists())

    def test_it_refuses_people_who_cannot_coordinate(self):
        before = db_state()
        for user in (self.outsider.pk, self.coordinator.pk, 999_999, "me", None, 0):
            with self.subTest(user=user):
                response = self.call(
                    self.client, "post", "/coalitions/united/coordinators", {"user": user}
                )
                self.assertIn("user", self.assertInvalid(response, before))

    def test_the_last_coordinator_stays(self):
        only = Coordinator.objects.get()
        before = db_state()
        response = self.call(self.client, "delete", f"/coalitions/united/coordinators/{only.pk}")
        self.assertEqual(
            self.assertConflict(response, before), "A coalition needs at least one coordinator."
        )


class CoalitionAuditTestCase(ApiTestCase):
    def test_coordinators_read_the_log(self):
        CoalitionMembership.objects.filter(organization=self.gamma).update(
            status=MemberStatus.ACTIVE, joined_at=timezone.now()
        )
        self.call(
            self.as_("coordinator"), "post", "/coalitions/united/platform", {"points": ["New"]}
        )
        data = self.as_("coordinator", "token").get("/api/v1/coalitions/united/audit").json()
        self.assertEqual(data["count"], 1)
        self.assertEqual(data["items"][0]["description"], "Saved version 2 of the platform")
