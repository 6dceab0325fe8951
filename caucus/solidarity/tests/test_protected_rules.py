"""The Trust issue's rules around the check: no oracle, turning protection on, the review
command, the record kept apart, and following without telling who follows."""

import io
import re
from urllib.parse import unquote

from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.audit.models import AuditEntry
from caucus.public.models import Kind, Publication
from caucus.solidarity import services
from caucus.solidarity.forms import site_or_web_address
from caucus.solidarity.models import Case, CaseRecord, Follower, TimelineEntry
from caucus.solidarity.tests.base import CITY, FULL_NAME, CaseTestCase

EDIT = "/coalitions/united/cases/a-y/edit/"


def case_data(**extra) -> dict:
    return {
        "kind": "person",
        "display_name": "A.Y.",
        "full_name": FULL_NAME,
        "country": "TR",
        "city": CITY,
        "status": "detained",
        "protected": "on",
        "publish": "on",
        **extra,
    }


class NoOracleTestCase(CaseTestCase):
    def test_a_member_who_is_not_a_coordinator_gets_one_answer_for_every_guess(self):
        self.client.force_login(self.org_admin)
        answers = {
            (response.status_code, re.sub(rb'(nonce|value)="[^"]*"', b"", response.content))
            for guess in ("Gebze", "Yılmaz", "Istanbul", "Mehmet", "A.Y.")
            for response in [self.client.post(EDIT, case_data(display_name=guess))]
        }
        self.assertEqual(len(answers), 1)
        self.assertEqual(next(iter(answers))[0], 403)

    def test_a_coordinator_is_refused_with_one_sentence_whichever_part_matched(self):
        self.client.force_login(self.coordinator)
        errors = set()
        for guess in ("Ayşe", "yilmaz", "GEBZE", "#FreeAyşe"):
            response = self.client.post(EDIT, case_data(summary=f"About {guess}."))
            self.assertEqual(response.status_code, 400)
            errors.add(tuple(response.context["form"].errors["summary"]))
        self.assertEqual(errors, {("This must not identify the protected person: write it as "
                                   "public text.",)})  # fmt: skip


class TurningProtectionOnTestCase(CaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)
        self.case = services.case_create(
            coalition=self.coalition,
            actor=self.coordinator,
            publish=True,
            display_name="Fatma Kaya",
            country="TR",
            summary="A teacher, detained after a strike.",
            organization=self.alpha,
            record={"full_name": "Fatma Kaya", "city": "Bursa"},
        )
        self.entry = TimelineEntry.objects.create(
            case=self.case, kind="arrest", date=self.arrest.date, note="Fatma Kaya detained."
        )

    def protect(self):
        data = case_data(
            display_name="F.K.",
            full_name="Fatma Kaya",
            city="Bursa",
            summary="A teacher, detained after a strike.",
        )
        return self.client.post(f"/coalitions/united/cases/{self.case.slug}/edit/", data)

    def test_it_rewrites_what_could_name_the_person(self):
        self.assertEqual(self.case.slug, "fatma-kaya")
        self.assertContains(self.client.get("/search/", {"q": "Kaya"}), "/cases/fatma-kaya/")
        self.assertEqual(self.protect().status_code, 302)
        for query in ("Kaya", "Fatma", "F.K."):
            self.assertNotContains(self.client.get("/search/", {"q": query}), "Fatma Kaya")
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.slug, "fk")  # the old address named her: gone, no redirect
        self.assertEqual(self.client.get("/cases/fatma-kaya/").status_code, 404)
        publication = Publication.objects.get(kind=Kind.CASE, object_id=case.pk)
        self.assertEqual((publication.title, publication.url), ("F.K.", "/cases/fk/"))
        entry = TimelineEntry.objects.get(pk=self.entry.pk)
        self.assertEqual(entry.sequence, 1)  # calendars and feed readers replace their copy
        self.assertEqual(entry.public_note(), "")
        shown = [e.description() for e in AuditEntry.objects.filter(organization=self.alpha)]
        self.assertIn("Opened the solidarity case F.K.", shown)
        self.assertNotIn("Kaya", str(list(AuditEntry.objects.values())))

    def test_the_case_file_flags_what_is_withheld_for_coordinators(self):
        self.protect()
        response = self.client.get("/coalitions/united/cases/fk/")
        self.assertContains(response, "Withheld from the public", count=1)
        self.assertContains(response, "Fatma Kaya detained.")

    def test_a_rename_keeps_the_address(self):
        self.protect()
        data = case_data(display_name="Teacher F.", full_name="Fatma Kaya", city="Bursa")
        self.assertEqual(
            self.client.post("/coalitions/united/cases/fk/edit/", data).status_code, 302
        )
        self.assertEqual(Case.objects.get(pk=self.case.pk).slug, "fk")


class ReviewCommandTestCase(CaseTestCase):
    def test_it_lists_stored_fields_that_would_be_refused_without_showing_them(self):
        out = io.StringIO()
        with self.assertRaises(SystemExit) as caught:
            call_command("check_protected_cases", stdout=out)
        self.assertEqual(caught.exception.code, 1)
        report = out.getvalue()
        self.assertIn(f"timeline entry #{self.arrest.pk}: note", report)
        self.assertIn(f"timeline entry #{self.arrest.pk}: place", report)
        self.assertNotIn(f"#{self.hearing.pk}:", report)
        for secret in ("Ayşe", "Yılmaz", CITY):
            self.assertNotIn(secret, report)
        self.assertEqual(TimelineEntry.objects.get(pk=self.arrest.pk).note, f"{FULL_NAME} was "
                         "taken at dawn.")  # fmt: skip

    def test_it_is_quiet_when_all_is_public_text(self):
        TimelineEntry.objects.filter(pk=self.arrest.pk).update(note="Taken at dawn.", place="")
        out = io.StringIO()
        call_command("check_protected_cases", stdout=out)
        self.assertIn("No public field", out.getvalue())


class RecordApartTestCase(CaseTestCase):
    def test_the_secret_is_stored_apart_from_the_public_fields(self):
        columns = {c.name for c in connection.introspection.get_table_description(
            connection.cursor(), Case._meta.db_table)}  # fmt: skip
        self.assertFalse({"full_name", "city", "photo"} & columns)
        self.assertEqual(CaseRecord.objects.get(case=self.protected).full_name, FULL_NAME)

    def test_private_notes_are_for_coordinators(self):
        CaseRecord.objects.filter(case=self.protected).update(notes="Lawyer: Av. Deniz, 0555")
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get("/coalitions/united/cases/a-y/"), "Av. Deniz")
        for who in (self.org_admin, self.editor):
            self.client.force_login(who)
            self.assertNotContains(self.client.get("/coalitions/united/cases/a-y/"), "Av. Deniz")
        self.client.logout()
        self.assertNotContains(self.client.get("/cases/a-y/"), "Av. Deniz")


class FollowWithoutEnumerationTestCase(CaseTestCase):
    def follow(self, email: str):
        client = self.client_class()  # a visitor of their own: no messages carried over
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post("/cases/a-y/follow/", {"email": email})
        return (
            response.status_code,
            response["Location"],
            [str(m) for m in get_messages(response.wsgi_request)],
        )

    def test_the_answer_is_the_same_for_new_pending_confirmed_and_gone_followers(self):
        for email, state in (
            ("pending@example.net", "pending"),
            ("confirmed@example.net", "confirmed"),
            ("gone@example.net", "unsubscribed"),
        ):
            follower = services.follow_request(case=self.protected, email=email)
            Follower.objects.filter(pk=follower.pk).update(state=state)
        mail.outbox.clear()
        answers = {
            email: self.follow(email)
            for email in (
                "new@example.net",
                "pending@example.net",
                "confirmed@example.net",
                "gone@example.net",
            )
        }
        self.assertEqual(len(set(map(str, answers.values()))), 1, answers)
        sent = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(sent, ["gone@example.net", "new@example.net", "pending@example.net"])


class LinkAddressPropertyTestCase(HypothesisTestCase):
    """Whatever is typed as a link's address, it stays on this site or is an http(s) one."""

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="/\\%25cCfF:@.evil\t\n\x00 \u200bhtps", max_size=24))
    def test_no_address_leaves_the_site_unless_it_says_so(self, typed):
        try:
            url = site_or_web_address(typed.strip())
        except ValidationError:
            return
        if not url or url.lower().startswith(("https://", "http://")):
            return
        decoded = unquote(unquote(unquote(url)))
        self.assertTrue(decoded.startswith("/"), url)
        self.assertNotIn(decoded[1:2], ("/", "\\"), url)
        self.assertFalse(any(c in decoded for c in "\\\t\n\x00 \u200b"), url)
