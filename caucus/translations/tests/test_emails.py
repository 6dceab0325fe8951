"""Every email goes out in its recipient's language, and its HTML says which and its direction.

Invited people: their organization's first language the interface speaks; signers, RSVPs and
followers: the language of the page they used.
"""

from datetime import date

from django.core import mail
from django.core.cache import cache
from django.utils import translation

from caucus.accounts.emails import interface_language, language_for, render_email
from caucus.campaigns import services as campaigns
from caucus.campaigns.models import Rsvp
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.lib.crypto import email_index
from caucus.organizations import services as organizations
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.solidarity.models import Follower, FollowerState, TimelineEntry
from caucus.solidarity.tasks import notify_followers
from caucus.solidarity.tests.base import CaseTestCase
from caucus.solidarity.translatable import CASE
from caucus.statements.models import Translation
from caucus.test import BaseTestCase, on_test_day
from caucus.translations.services import translation_save


def html_of(message) -> str:
    return message.alternatives[0][0]


def subject_in(language: str, name: str, context: dict) -> str:
    with translation.override(language):
        return render_email(name, context)[0]


class HtmlLanguageTestCase(BaseTestCase):
    def test_an_html_body_says_its_language_and_arabic_is_right_to_left(self):
        with translation.override("ar"):
            _subject, _text, html = render_email("invitation", {"invitation": None, "link": ""})
        self.assertIn('<html lang="ar" dir="rtl">', html)
        with translation.override("el"):
            html = render_email("invitation", {"invitation": None, "link": ""})[2]
        self.assertIn('<html lang="el" dir="ltr">', html)

    def test_a_fragment_body_is_wrapped_in_a_document_with_its_language(self):
        with translation.override("ar"):
            html = render_email("decisions-receipt", {"user": None, "motion": None})[2]
        self.assertTrue(html.startswith('<!DOCTYPE html><html lang="ar" dir="rtl"><body>'))


class InvitationLanguageTestCase(BaseTestCase):
    def test_an_invitation_is_in_the_organizations_language(self):
        self.alpha.languages = ["es", "en"]
        self.alpha.save()
        with self.captureOnCommitCallbacks(execute=True):
            organizations.invitation_create(
                organization=self.alpha,
                actor=self.org_admin,
                email="new@example.net",
                role="editor",
            )
        message = mail.outbox[-1]
        self.assertIn('<html lang="es" dir="ltr">', html_of(message))
        # The words themselves, not only the document's language.
        self.assertEqual(message.subject, "Le invitan a unirse a Alpha Union en Caucus")
        for sentence in (
            "Alice Admin le invita a unirse a Alpha Union como Editor.",
            "Si no esperaba este correo, ignórelo.",
        ):
            self.assertIn(sentence, message.body)
        # The HTML part isolates the names as pages do (issue 14).
        self.assertIn(
            "<bdi>Alice Admin</bdi> le invita a unirse a <bdi>Alpha Union</bdi> como Editor.",
            html_of(message),
        )
        self.assertIn("Si no esperaba este correo, ignórelo.", html_of(message))
        self.assertIn("Abra este enlace para elegir su contraseña y unirse:", message.body)
        self.assertIn(">Elija su contraseña y únase</a>", html_of(message))
        self.assertNotIn("invites you", message.body)

    def test_content_languages_map_to_the_interface_ones(self):
        self.assertEqual(interface_language("pt"), "pt-br")
        self.assertEqual(interface_language("es"), "es")
        self.assertIsNone(interface_language("ca"))
        self.beta.languages = ["ca", "pt"]
        self.assertEqual(language_for([self.beta]), "pt-br")


class SignerLanguageTestCase(SignaturesTestCase):
    def test_a_signer_gets_the_email_in_the_pages_language_with_the_translated_title(self):
        Translation.objects.create(
            statement=self.statement,
            version=self.statement.published_version,
            language="es",
            title="Declaración conjunta",
            body="Declaramos.",
        )
        self.client.cookies["django_language"] = "es"
        self.sign()
        message = mail.outbox[-1]
        self.assertIn("Declaración conjunta", message.subject)
        self.assertIn('<html lang="es" dir="ltr">', html_of(message))
        context = {"statement": "Declaración conjunta", "days": 7}
        english = subject_in("en", "signatures-confirm", context)
        self.assertNotEqual(message.subject, english)

    def test_an_arabic_signer_gets_a_right_to_left_email(self):
        self.client.cookies["django_language"] = "ar"
        self.sign()
        self.assertIn('<html lang="ar" dir="rtl">', html_of(mail.outbox[-1]))


@on_test_day
class RsvpLanguageTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()

    def test_every_email_of_an_rsvp_is_in_the_language_of_its_page(self):
        campaign = make_campaign(self.coalition)
        event = make_event(campaign, self.alpha)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/events/{event.uid}/rsvp/",
                {"name": "Νίκος", "email": "nikos@example.net"},
                headers={"accept-language": "el"},
            )
        self.assertEqual(Rsvp.objects.get().language, "el")
        self.assertIn('<html lang="el" dir="ltr">', html_of(mail.outbox[-1]))

    def test_the_reminder_and_the_status_change_keep_each_rsvps_language(self):
        campaign = make_campaign(self.coalition)
        event = make_event(campaign, self.alpha)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/events/{event.uid}/rsvp/",
                {"name": "Νίκος", "email": "nikos@example.net"},
                headers={"accept-language": "el"},
            )
        mail.outbox.clear()
        # The same address again from an English page: the reminder goes to the address's
        # owner, in the language they answered in.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/events/{event.uid}/rsvp/",
                {"name": "Someone", "email": "nikos@example.net"},
                headers={"accept-language": "en"},
            )
        (reminder,) = mail.outbox
        self.assertEqual(reminder.subject, "Έχετε ήδη απαντήσει για την εκδήλωση Rally in Istanbul")
        self.assertIn('<html lang="el" dir="ltr">', html_of(reminder))

        Rsvp.objects.update(state="confirmed")
        Rsvp.objects.create(
            event=event,
            name="Lucía",
            email="lucia@example.net",
            email_index=email_index("lucia@example.net"),
            state="confirmed",
            language="es",
        )
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            campaigns.event_change_status(
                event=event, status="postponed", note="", actor=self.editor
            )
        by_address = {message.to[0]: message for message in mail.outbox}
        greek, spanish = by_address["nikos@example.net"], by_address["lucia@example.net"]
        # The status's name too is rendered in each recipient's language, at sending.
        self.assertEqual(greek.subject, "Rally in Istanbul: Αναβλήθηκε")
        self.assertIn(
            "Οι διοργανωτές της εκδήλωσης Rally in Istanbul άλλαξαν την κατάστασή της σε: "
            "Αναβλήθηκε.",
            greek.body,
        )
        self.assertIn('<html lang="el" dir="ltr">', html_of(greek))
        self.assertEqual(spanish.subject, "Rally in Istanbul: Aplazado")
        self.assertIn(
            "La organización de Rally in Istanbul cambió su estado a: Aplazado.", spanish.body
        )
        self.assertIn('<html lang="es" dir="ltr">', html_of(spanish))


class FollowerLanguageTestCase(CaseTestCase):
    def setUp(self):
        cache.clear()

    def test_an_arabic_follower_gets_a_right_to_left_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/cases/mehmet-demir/follow/",
                {"email": "amal@example.net"},
                headers={"accept-language": "ar"},
            )
        self.assertIn('<html lang="ar" dir="rtl">', html_of(mail.outbox[-1]))

    def test_a_spanish_follower_gets_the_spanish_note_and_the_spanish_page(self):
        entry = TimelineEntry.objects.create(
            case=self.open_case, kind="charge", date=date(2025, 1, 1), note="Charged today."
        )
        translation_save(
            translatable=CASE,
            source=self.open_case,
            actor=self.coordinator,
            language="es",
            texts={
                "summary": "Un estibador acusado por una huelga.",
                f"entries.{entry.pk}": "Acusado hoy.",
            },
        )
        Follower.objects.create(
            case=self.open_case,
            email="lucia@example.net",
            email_index=email_index("lucia@example.net"),
            state=FollowerState.CONFIRMED,
            language="es",
        )
        Follower.objects.create(
            case=self.open_case,
            email="nikos@example.net",
            email_index=email_index("nikos@example.net"),
            state=FollowerState.CONFIRMED,
            language="el",
        )
        notify_followers.call(entry.pk)
        by_address = {message.to[0]: message for message in mail.outbox}
        spanish = by_address["lucia@example.net"]
        self.assertIn("Acusado hoy.", spanish.body)
        self.assertNotIn("Charged today.", spanish.body)
        self.assertIn("/cases/mehmet-demir/?lang=es", spanish.body)
        self.assertIn('<div lang="es" dir="ltr"><p>Acusado hoy.</p>', html_of(spanish))
        self.assertIn('href="http://127.0.0.1:8000/cases/mehmet-demir/?lang=es"', html_of(spanish))
        # No Greek translation: the original note, said to be English, and the plain page.
        greek = by_address["nikos@example.net"]
        self.assertIn("Charged today.", greek.body)
        self.assertIn('<div lang="en" dir="ltr"><p>Charged today.</p>', html_of(greek))
        self.assertNotIn("?lang=", greek.body)
        self.assertIn('<html lang="el" dir="ltr">', html_of(greek))
