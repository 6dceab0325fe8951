"""The demo declaration gains its signatories and fictional people, once."""

import io

from caucus.signatures import demo
from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import OrganizationSignature, Signature
from caucus.signatures.tests.helpers import make_statement
from caucus.test import BaseTestCase


class DemoTestCase(BaseTestCase):
    def test_it_creates_nothing_without_the_declaration(self):
        demo.load(coalition=self.coalition, stdout=io.StringIO())
        self.assertFalse(Signature.objects.exists())

    def test_it_signs_the_declaration_once(self):
        statement = make_statement(slug=demo.DECLARATION, coalition=self.coalition)
        for _ in range(2):
            demo.load(coalition=self.coalition, stdout=io.StringIO())
        self.assertEqual(
            set(OrganizationSignature.objects.values_list("organization__slug", flat=True)),
            {"alpha", "gamma"},
        )
        self.assertEqual(Signature.objects.count(), demo.PEOPLE)
        self.assertEqual(confirmed_count(statement.pk), demo.PEOPLE - demo.PEOPLE // 20)
