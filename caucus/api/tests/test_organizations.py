"""Acting for an organization through the API: profile, invitations, members, bodies, audit."""

from django.core import mail

from caucus.api.tests.helpers import ApiTestCase, db_state, png
from caucus.audit.models import AuditEntry
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Body, Invitation, InvitationState, Membership, Role


class UpdateProfileTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("editor")

    def test_it_changes_only_the_fields_sent_and_logs_them(self):
        response = self.call(
            self.client,
            "patch",
            "/organizations/alpha",
            {"name": "Alpha Workers", "languages": ["tr", "en"]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "Alpha Workers")
        self.alpha.refresh_from_db()
        self.assertEqual(
            (self.alpha.name, self.alpha.languages, self.alpha.country),
            ("Alpha Workers", ["tr", "en"], "TR"),
        )
        entry = AuditEntry.objects.get(action="organization.updated")
        self.assertEqual((entry.actor, entry.data["fields"]), (self.editor, "name, languages"))

    def test_an_empty_patch_changes_and_logs_nothing(self):
        before = db_state()
        response = self.call(self.client, "patch", "/organizations/alpha", {})
        self.assertEqual(response.json()["description"], "")
        self.assertEqual(db_state(), before)

    def test_it_renders_the_description(self):
        response = self.call(
            self.client, "patch", "/organizations/alpha", {"description": "<script>x</script> *Hi*"}
        )
        self.assertNotIn("<script>", response.json()["description_html"])
        self.assertIn("<em>Hi</em>", response.json()["description_html"])

    def test_it_refuses_bad_values_field_by_field(self):
        before = db_state()
        cases = [
            ({"country": "XX"}, "country"),
            ({"slug": "beta"}, "slug"),
            ({"slug": "not a slug"}, "slug"),
            ({"website": "javascript:alert(1)"}, "website"),
            ({"languages": ["klingon"]}, "languages"),
            ({"name": None}, "name"),
            ({"name": 5}, "name"),
            ({"name": ""}, "name"),
            ({"is_public": "perhaps"}, "is_public"),
            ({"name": "a" * 201}, "name"),
            ({"name": "nul\x00"}, "name"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                response = self.call(self.client, "patch", "/organizations/alpha", body)
                self.assertIn(field, self.assertInvalid(response, before))

    def test_it_uploads_and_removes_the_logo(self):
        response = self.client.post("/api/v1/organizations/alpha/logo", {"logo": png()})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["logo"].startswith(absolute_url("/media/logos/")))
        self.alpha.refresh_from_db()
        self.assertTrue(self.alpha.logo.name.endswith(".png"))
        response = self.client.delete("/api/v1/organizations/alpha/logo")
        self.assertIsNone(response.json()["logo"])
        self.alpha.refresh_from_db()
        self.assertFalse(self.alpha.logo)

    def test_it_refuses_a_logo_that_is_not_an_image(self):
        before = db_state()
        text = png()
        text.write(b"not an image")
        text.truncate(12)
        text.seek(0)
        response = self.client.post("/api/v1/organizations/alpha/logo", {"logo": text})
        self.assertIn("logo", self.assertInvalid(response, before))
        response = self.client.post("/api/v1/organizations/alpha/logo", {})
        self.assertEqual(response.status_code, 422)


class InvitationTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("org_admin")

    def invite(self, body):
        with self.captureOnCommitCallbacks(execute=True):
            return self.call(self.client, "post", "/organizations/alpha/invitations", body)

    def test_it_invites_and_sends_the_email(self):
        response = self.invite({"email": " New.Person@Example.net ", "role": "editor"})
        self.assertEqual(response.status_code, 201)
        invitation = Invitation.objects.get()
        self.assertEqual(response.json()["id"], invitation.pk)
        self.assertEqual(
            (invitation.email, invitation.role, invitation.invited_by),
            ("new.person@example.net", Role.EDITOR, self.org_admin),
        )
        self.assertEqual(mail.outbox[0].to, ["new.person@example.net"])
        self.assertTrue(AuditEntry.objects.filter(action="invitation.created").exists())

    def test_it_refuses_bad_input_with_field_messages(self):
        Invitation.objects.create(
            organization=self.alpha, email="pending@example.org", role=Role.DELEGATE
        )
        before = db_state()
        cases = [
            ({"role": "editor"}, "email", "Field required"),
            ({"email": "not-an-email"}, "email", "Enter a valid email address."),
            ({"email": 42}, "email", "Input should be a valid string"),
            ({"email": "x@example.org", "role": "owner"}, "role", "Input should be"),
            ({"email": "pending@example.org"}, "email", "still pending"),
            ({"email": "DELEGATE@example.org"}, "email", "already a member"),
        ]
        for body, field, message in cases:
            with self.subTest(body=body):
                errors = self.assertInvalid(self.invite(body), before)
                self.assertIn(message, " ".join(errors[field]))
        self.assertEqual(mail.outbox, [])

    def test_it_refuses_a_body_that_is_not_an_object(self):
        before = db_state()
        for body in ("[1, 2]", "null", '"x"', "{bad json"):
            with self.subTest(body=body):
                response = self.invite(body)
                self.assertIn(response.status_code, (400, 422))
                self.assertEqual(db_state(), before)

    def test_it_lists_invitations_newest_first(self):
        self.invite({"email": "one@example.org"})
        self.invite({"email": "two@example.org"})
        data = self.client.get("/api/v1/organizations/alpha/invitations").json()
        self.assertEqual(
            [i["email"] for i in data["items"]], ["two@example.org", "one@example.org"]
        )
        self.assertEqual(data["items"][0]["state"], "pending")

    def test_it_revokes_a_pending_invitation(self):
        invitation_id = self.invite({"email": "new@example.org"}).json()["id"]
        path = f"/organizations/alpha/invitations/{invitation_id}/revoke"
        response = self.call(self.client, "post", path)
        self.assertEqual(response.json()["state"], InvitationState.REVOKED)
        self.assertIsNotNone(Invitation.objects.get().revoked_at)
        before = db_state()
        detail = self.assertConflict(self.call(self.client, "post", path), before)
        self.assertEqual(detail, "Only a pending invitation can be revoked.")

    def test_it_cannot_reach_an_invitation_of_another_org(self):
        other = Invitation.objects.create(
            organization=self.beta, email="b@example.org", role=Role.DELEGATE
        )
        before = db_state()
        response = self.call(
            self.client, "post", f"/organizations/alpha/invitations/{other.pk}/revoke"
        )
        self.assertRefused(response, 404, before)


class MembersTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("org_admin")
        self.member = Membership.objects.get(user=self.delegate)
        self.admin = Membership.objects.get(user=self.org_admin)

    def test_it_lists_members_by_name_without_email_addresses(self):
        # session, user, organization, membership, the count and the page
        with self.assertNumQueries(6):
            data = self.client.get("/api/v1/organizations/alpha/members").json()["items"]
        self.assertEqual([m["user"]["name"] for m in data][:2], ["Alice Admin", "Cora Coordinator"])
        self.assertNotIn("@", str(data))

    def test_it_changes_a_role_and_logs_it(self):
        response = self.call(
            self.client,
            "patch",
            f"/organizations/alpha/members/{self.member.pk}",
            {"role": "editor"},
        )
        self.assertEqual(response.json()["role"], "editor")
        self.member.refresh_from_db()
        self.assertEqual(self.member.role, Role.EDITOR)
        self.assertTrue(AuditEntry.objects.filter(action="member.role_changed").exists())

    def test_it_keeps_the_last_admin(self):
        before = db_state()
        path = f"/organizations/alpha/members/{self.admin.pk}"
        errors = self.assertInvalid(
            self.call(self.client, "patch", path, {"role": "delegate"}), before
        )
        self.assertEqual(errors, {"role": ["An organization needs at least one admin."]})
        self.assertConflict(self.call(self.client, "delete", path), before)

    def test_it_refuses_an_unknown_role_or_member(self):
        before = db_state()
        path = f"/organizations/alpha/members/{self.member.pk}"
        self.assertIn(
            "role",
            self.assertInvalid(self.call(self.client, "patch", path, {"role": "owner"}), before),
        )
        other = Membership.objects.get(user=self.outsider)
        for pk in (other.pk, 999_999, 2**70):
            with self.subTest(pk=pk):
                response = self.call(self.client, "delete", f"/organizations/alpha/members/{pk}")
                self.assertRefused(response, 404, before)

    def test_it_removes_a_member(self):
        response = self.call(
            self.client, "delete", f"/organizations/alpha/members/{self.member.pk}"
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Membership.objects.filter(pk=self.member.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="member.removed").exists())


class BodyTestCase(ApiTestCase):
    def setUp(self):
        self.client = self.as_("org_admin")

    def test_it_creates_a_body_with_a_slug_from_its_name(self):
        response = self.call(
            self.client, "post", "/organizations/alpha/bodies", {"name": "Executive Committee"}
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["slug"], "executive-committee")
        self.assertEqual(Body.objects.get().organization, self.alpha)

    def test_it_refuses_bad_bodies(self):
        Body.objects.create(organization=self.alpha, name="EC", slug="ec")
        before = db_state()
        for body, field in [
            ({"name": "Other", "slug": "ec"}, "slug"),
            ({"name": "Other", "slug": "no spaces"}, "slug"),
            ({"slug": "x"}, "name"),
            ({"name": "!!!"}, "slug"),
        ]:
            with self.subTest(body=body):
                response = self.call(self.client, "post", "/organizations/alpha/bodies", body)
                self.assertIn(field, self.assertInvalid(response, before))


class OrganizationAuditTestCase(ApiTestCase):
    def test_it_pages_the_log_newest_first(self):
        client = self.as_("org_admin", "token")
        for name in ("One", "Two", "Three"):
            self.call(client, "post", "/organizations/alpha/bodies", {"name": name})
        data = client.get("/api/v1/organizations/alpha/audit?page_size=2").json()
        self.assertEqual(data["count"], 3)
        self.assertEqual(
            [e["description"] for e in data["items"]],
            ["Created the body Three", "Created the body Two"],
        )
        self.assertEqual(data["items"][0]["actor"], "Alice Admin")
        self.assertEqual(data["items"][0]["action"], "body.created")
