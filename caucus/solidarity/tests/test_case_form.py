"""Opening and editing a case: protected mode rules, photos, and arbitrary bad input."""

import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from PIL import Image

from caucus.organizations.models import Organization
from caucus.solidarity.forms import CaseForm
from caucus.solidarity.models import Case
from caucus.solidarity.permissions import editable_organizations
from caucus.solidarity.tests.base import CaseTestCase

URL = "/coalitions/united/cases/new/"


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")


class OpenCaseTestCase(CaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def data(self, **extra):
        return {
            "kind": "person",
            "display_name": "K.S.",
            "full_name": "Kemal Sarı",
            "country": "TR",
            "city": "Kocaeli",
            "status": "detained",
            "protected": "on",
            "summary": "Detained at the gate.",
            "publish": "on",
            **extra,
        }

    def test_it_opens_a_protected_case(self):
        response = self.client.post(URL, self.data())
        self.assertEqual(response.status_code, 302)
        case = Case.objects.get(display_name="K.S.")
        self.assertEqual(
            (case.slug, case.record.full_name, case.protected), ("ks", "Kemal Sarı", True)
        )
        self.assertIsNotNone(case.published_at)
        self.assertEqual(case.created_by, self.coordinator)

    def test_it_refuses_a_protected_display_name_that_names_the_person(self):
        for name in ("Kemal S.", "K. Sarı", "Someone from Kocaeli"):
            with self.subTest(name=name):
                response = self.client.post(URL, self.data(display_name=name))
                self.assertEqual(response.status_code, 400)
                self.assertIn("display_name", response.context["form"].errors)
        self.assertFalse(Case.objects.filter(record__full_name="Kemal Sarı").exists())

    def test_turning_protection_on_changes_the_address(self):
        url = "/coalitions/united/cases/mehmet-demir/edit/"
        data = {
            "kind": "person",
            "display_name": "M.D.",
            "full_name": "Mehmet Demir",
            "country": "AR",
            "city": "Rosario",
            "status": "charged",
            "protected": "on",
            "publish": "on",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.open_case.refresh_from_db()
        self.assertEqual(self.open_case.slug, "md")
        self.assertEqual(self.client.get("/cases/mehmet-demir/").status_code, 404)

    def test_an_editor_opens_a_case_for_their_organization_only(self):
        self.client.force_login(self.editor)
        response = self.client.post(URL, self.data(organization=self.gamma.pk))
        self.assertEqual(response.status_code, 400)
        response = self.client.post(URL, self.data(organization=self.alpha.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.get(display_name="K.S.").organization, self.alpha)

    @override_settings(MEDIA_ROOT=tempfile.mkdtemp())
    def test_photos_are_served_to_the_public_only_when_not_protected(self):
        response = self.client.post(URL, self.data(photo=png(), protected=""))
        self.assertEqual(
            response.status_code, 302, response.context and response.context["form"].errors
        )
        case = Case.objects.get(display_name="K.S.")
        self.assertEqual(self.client.get(f"/cases/{case.slug}/photo/").status_code, 200)
        Case.objects.filter(pk=case.pk).update(protected=True)
        self.assertEqual(self.client.get(f"/cases/{case.slug}/photo/").status_code, 404)
        private = self.client.get(f"/coalitions/united/cases/{case.slug}/photo/")
        self.assertEqual(private.status_code, 200)
        self.assertIn("no-store", private["Cache-Control"])

    def test_it_refuses_a_file_that_is_not_an_image(self):
        fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
        response = self.client.post(URL, self.data(photo=fake))
        self.assertEqual(response.status_code, 400)
        self.assertIn("photo", response.context["form"].errors)


text = st.text(max_size=300)


class CaseFormPropertyTestCase(CaseTestCase, HypothesisTestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        display_name=text,
        full_name=text,
        city=text,
        summary=st.text(max_size=2000),
        country=st.one_of(st.sampled_from(["TR", "AR", "", "XX", "tr"]), text),
        status=st.one_of(st.sampled_from(["detained", "released", ""]), text),
        protected=st.booleans(),
    )
    def test_it_never_errors_and_never_accepts_a_revealing_protected_name(
        self, display_name, full_name, city, summary, country, status, protected
    ):
        data = {
            "kind": "person",
            "display_name": display_name,
            "full_name": full_name,
            "city": city,
            "summary": summary,
            "country": country,
            "status": status,
        }
        if protected:
            data["protected"] = "on"
        form = CaseForm(data, organizations=Organization.objects.all())
        if not form.is_valid():
            self.assertTrue(form.errors)
            return
        case = form.save(commit=False)
        case.coalition = self.coalition
        from django.core.exceptions import ValidationError

        from caucus.solidarity.services import _with_record, refuse_identifying

        _with_record(case, form.record_data())
        try:
            refuse_identifying(case, display_name=case.display_name)
        except ValidationError:
            return
        if case.protected:
            for word in (full_name.strip(), city.strip()):
                if len(word) >= 3 and word.isalnum():
                    self.assertNotIn(word.lower(), case.public_display_name.lower())
        self.assertIsInstance(editable_organizations(self.editor, self.coalition).count(), int)
