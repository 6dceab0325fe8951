"""The confirmation email is rendered once per statement and language and merged per signer:
each signer must still get exactly the email the templates would render for them alone."""

import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.accounts.emails import render_email
from caucus.coalitions.models import Coalition
from caucus.signatures.models import Signature
from caucus.signatures.outbox import claim
from caucus.signatures.tasks import ConfirmationMail, send_confirmations
from caucus.signatures.tests.helpers import SignaturesTestCase, make_statement
from caucus.signatures.tokens import confirm_tokens, removal_state, remove_tokens


def frozen_clock():
    """Links carry a signing time in seconds: both renderings must see the same second."""
    return time_machine.travel(1_800_000_000, tick=False)


def rendered_alone(signature: Signature) -> tuple[str, str, str]:
    """The email of one signer rendered by the template engine with the real values."""
    statement = signature.statement
    context = {
        "signature": signature,
        "statement": statement,
        "confirm_link": settings.SITE_URL
        + reverse(
            "signatures:confirm",
            args=[statement.slug, confirm_tokens.make(signature.pk, signature.token_state())],
        ),
        "remove_link": settings.SITE_URL
        + reverse(
            "signatures:remove",
            args=[statement.slug, remove_tokens.make(signature.pk, removal_state(signature))],
        ),
        "days": settings.SIGNATURE_CONFIRM_MAX_AGE_DAYS,
    }
    with translation.override(signature.language or settings.LANGUAGE_CODE):
        return render_email("signatures-confirm", context)


class ConfirmationMailTestCase(SignaturesTestCase):
    def _signature(self, name: str, language: str = "en") -> Signature:
        return Signature.objects.create(
            statement=self.statement,
            name=name,
            email="ana@example.net",
            email_index=f"index-{name}-{language}",
            email_domain="example.net",
            language=language,
        )

    def assert_same_as_alone(self, signature: Signature) -> None:
        with frozen_clock():
            message = ConfirmationMail(self.statement, signature.language).message(signature)
            subject, text, html = rendered_alone(signature)
        self.assertEqual(message.subject, subject)
        self.assertEqual(message.body, text)
        self.assertEqual(message.alternatives[0].content, html)

    def test_names_with_markup_are_escaped_only_in_the_html_part(self):
        signature = self._signature('Ana <b>"Signer"</b> & Co')
        self.assert_same_as_alone(signature)
        message = ConfirmationMail(self.statement, "en").message(signature)
        self.assertIn('Ana <b>"Signer"</b> & Co', message.body)
        self.assertIn(
            "Ana &lt;b&gt;&quot;Signer&quot;&lt;/b&gt; &amp; Co", message.alternatives[0].content
        )

    def test_a_name_that_looks_like_a_placeholder_is_not_expanded(self):
        signature = self._signature("@@caucus-confirm@@")
        self.assert_same_as_alone(signature)

    def test_each_language_gets_its_own_text(self):
        for language in ("es", "tr", "ar"):
            with self.subTest(language=language):
                self.assert_same_as_alone(self._signature("Ana", language))

    def test_one_batch_sends_each_waiting_signer_their_own_links(self):
        signatures = [self._signature(f"Signer {n}", ("en", "es")[n % 2]) for n in range(6)]
        mail.outbox.clear()
        with frozen_clock():
            self.assertEqual(send_confirmations.call(), 6)
            self.assertEqual(len(mail.outbox), 6)
            for signature, message in zip(signatures, mail.outbox, strict=True):
                self.assertEqual(message.body, rendered_alone(signature)[1])
        self.assertEqual(send_confirmations.call(), 0)  # each is claimed once

    def test_workers_claim_disjoint_chunks_oldest_first(self):
        signatures = [self._signature(f"Signer {n}") for n in range(5)]
        (first, _), (second, _) = (
            claim(3, "w1", schedule_retry=False),
            claim(3, "w2", schedule_retry=False),
        )
        self.assertEqual([s.pk for s in first], [s.pk for s in signatures[:3]])
        self.assertEqual([s.pk for s in second], [s.pk for s in signatures[3:]])
        self.assertEqual(claim(3, "w3", schedule_retry=False)[0], [])
        # Leased, not yet sent: a worker that dies now leaves them to the next one.
        self.assertEqual(Signature.objects.filter(mail_sent_at__isnull=True).count(), 5)
        self.assertEqual(
            sorted(Signature.objects.values_list("mail_worker", flat=True)),
            ["w1", "w1", "w1", "w2", "w2"],
        )

    def test_each_email_costs_one_update_and_nothing_else_grows(self):
        """Each accepted email is recorded on its own (exactly once even if the worker dies
        mid-batch: outbox.py); rendering, claiming and the rest do not grow per signer."""

        def queries_to_send(count: int) -> int:
            for n in range(count):
                self._signature(f"Signer {count}-{n}")
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(send_confirmations.call(), count)
            return len(queries)

        self.assertEqual(queries_to_send(40) - queries_to_send(3), 37)


class AnyNameTestCase(HypothesisTestCase):
    """Whatever a signer types as their name, the merge equals the template's rendering."""

    @hsettings(max_examples=60, deadline=None)
    @given(name=st.text(min_size=1, max_size=80), language=st.sampled_from(["en", "es", "ar"]))
    # A right-to-left name in a left-to-right email is isolated in the text part, as the
    # template's bdi_text does (hypothesis found U+1E800, a Mende Kikakui letter).
    @example(name="\U0001e800", language="en")
    @example(name="سارة", language="es")
    @example(name="سارة", language="ar")
    def test_any_name_merges_like_the_template_renders_it(self, name, language):
        statement = make_statement(coalition=Coalition.objects.create(slug="c", name="C"))
        signature = Signature(
            pk=41,
            statement=statement,
            name=name,
            email_index="index",
            language=language,
        )
        with frozen_clock():
            message = ConfirmationMail(statement, language).message(signature)
            subject, text, html = rendered_alone(signature)
        self.assertEqual((message.subject, message.body, message.alternatives[0].content),
                         (subject, text, html))  # fmt: skip
