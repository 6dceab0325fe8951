"""Emails to organizations' people: re-confirm after a revision, requests to co-sign and their
answers (issue 4, points 5 and 6), each in its recipient's language (issue 16)."""

import datetime as dt

import time_machine
from django.core import mail
from django.utils import timezone

from caucus.coalitions.models import Coordinator
from caucus.signatures import notify, services
from caucus.signatures.models import OrganizationSignature
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.statements import services as statement_services
from caucus.statements.models import Translation
from caucus.statements.tasks import apply_scheduled_revision


class ReconfirmEmailTestCase(SignaturesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = statement_services.statement_create(
            actor=cls.coordinator,
            author_coalition=cls.coalition,
            title="Joint declaration",
            body="We stand together.",
            language="en",
        )
        statement_services.statement_open(statement=cls.statement, actor=cls.coordinator)
        services.organization_sign(
            statement=cls.statement, organization=cls.alpha, actor=cls.delegate
        )
        statement_services.statement_publish(statement=cls.statement, actor=cls.coordinator)
        cls.statement.refresh_from_db()

    def revise(self, **publish):
        statement_services.version_create(
            statement=self.statement, actor=self.coordinator, title="Joint declaration",
            body="We stand together, revised.",
        )  # fmt: skip
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            statement_services.statement_publish(
                statement=self.statement, actor=self.coordinator, **publish
            )

    def test_a_revision_asks_the_earlier_signatories_once(self):
        self.revise()
        self.assertEqual(len(mail.outbox), 1)  # alpha, which signed version 1
        message = mail.outbox[0]
        self.assertIn("re-confirm", message.subject)
        alpha_people = [self.coordinator, self.org_admin, self.editor, self.delegate, self.nomfa]
        self.assertEqual(sorted(message.to), sorted(u.email for u in alpha_people))
        self.assertIn(f"/s/{self.statement.slug}/sign/organization/", message.body)
        self.assertIn("?a=1&b=2", message.body)
        alpha = OrganizationSignature.objects.get(organization=self.alpha)
        self.assertEqual(alpha.reconfirm_asked, 2)
        # gamma signs the new text: it has nothing to re-confirm; alpha is never asked twice.
        services.organization_sign(
            statement=self.statement, organization=self.gamma, actor=self.gamma_admin
        )
        self.statement.refresh_from_db()
        self.assertEqual(notify.ask_to_reconfirm(statement=self.statement), 0)

    def test_it_is_written_in_the_organizations_language_with_its_title(self):
        self.alpha.languages = ["es", "en"]
        self.alpha.save()
        Translation.objects.create(
            statement=self.statement,
            version=self.statement.published_version,
            language="es",
            title="Declaración conjunta",
            body="Estamos juntos.",
        )
        self.revise()
        (message,) = mail.outbox
        self.assertEqual(
            message.subject,
            "«Declaración conjunta» se ha revisado (versión 2): vuelva a confirmar su firma",
        )
        self.assertIn("Los cambios:", message.body)
        self.assertIn('<html lang="es" dir="ltr">', message.alternatives[0][0])

    def test_a_scheduled_revision_asks_when_it_goes_live(self):
        later = timezone.now() + dt.timedelta(hours=2)
        self.revise(published_at=later)
        self.assertEqual(mail.outbox, [])
        self.statement.refresh_from_db()
        version_id = self.statement.scheduled_version_id
        with (
            time_machine.travel(later + dt.timedelta(minutes=1), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            # The deferred task that runs at the revision's time (reading never publishes).
            apply_scheduled_revision.call(self.statement.pk, version_id)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("version 2", mail.outbox[0].subject)


class CosignEmailTestCase(SignaturesTestCase):
    def test_the_coordinators_hear_of_a_request_and_the_requester_of_the_answer(self):
        with self.captureOnCommitCallbacks(execute=True):
            signature = services.organization_sign(
                statement=self.statement, organization=self.beta, actor=self.outsider
            )
        self.assertEqual([m.to for m in mail.outbox], [[self.coordinator.email]])
        self.assertIn("asks to co-sign", mail.outbox[0].subject)
        self.assertIn("/signatures/manage/", mail.outbox[0].body)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.organization_decide(signature=signature, approve=False, actor=self.coordinator)
        self.assertEqual([m.to for m in mail.outbox], [[self.outsider.email]])
        self.assertIn("declined", mail.outbox[0].subject)

    def test_each_person_is_written_to_in_their_own_language(self):
        # The coordinator acts for alpha (Greek), the second coordinator for gamma (Spanish);
        # the requester is beta's admin (Spanish too).
        Coordinator.objects.create(coalition=self.coalition, user=self.gamma_admin)
        for organization, language in ((self.alpha, "el"), (self.beta, "es"), (self.gamma, "es")):
            organization.languages = [language]
            organization.save()
        with self.captureOnCommitCallbacks(execute=True):
            signature = services.organization_sign(
                statement=self.statement, organization=self.beta, actor=self.outsider
            )
        by_address = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(len(mail.outbox), 2)  # one each: each in its own language
        greek = by_address[self.coordinator.email]
        self.assertEqual(
            greek.subject, "Η Beta Union ζητά να συνυπογράψει το «Declaration declaration»"
        )
        self.assertIn('<html lang="el" dir="ltr">', greek.alternatives[0][0])
        spanish = by_address[self.gamma_admin.email]
        self.assertEqual(spanish.subject, "Beta Union solicita cofirmar «Declaration declaration»")
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.organization_decide(signature=signature, approve=True, actor=self.coordinator)
        (answer,) = mail.outbox
        self.assertEqual(answer.to, [self.outsider.email])
        self.assertEqual(answer.subject, "Beta Union cofirma ahora «Declaration declaration»")
        self.assertIn('<html lang="es" dir="ltr">', answer.alternatives[0][0])

    def test_members_signing_send_no_request_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.organization_sign(
                statement=self.statement, organization=self.alpha, actor=self.delegate
            )
        self.assertEqual(mail.outbox, [])
