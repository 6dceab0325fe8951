"""Any input to the signing form: a 4xx with field errors or a success; never a 500, never a
second signature for one mailbox."""

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.lib.crypto import email_index
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SignaturesTestCase

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
emails = st.one_of(
    st.emails(),
    st.sampled_from(["ana@example.net", "Ana+x@Example.net", "a.n.a@gmail.com", "ana@gmail.com"]),
    text,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "name": text,
        "city": text,
        "country": st.one_of(st.sampled_from(["AR", "tr", "", "XX"]), text),
        "email": emails,
        "show_name": st.sampled_from(["on", "", "off", "1"]),
        "may_contact": st.sampled_from(["on", ""]),
        "website": st.sampled_from(["", "", "", "spam"]),
    },
)


class SignFuzzTestCase(SignaturesTestCase, HypothesisTestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=FIELDS)
    def test_any_input_is_refused_cleanly_or_signs_once(self, data):
        cache.clear()
        response = self.sign_raw(data)
        self.assertIn(response.status_code, (302, 400), response.content[:300])
        if response.status_code == 400:
            self.assertContains(response, 'class="error"', status_code=400)
        indexes = list(
            Signature.objects.filter(statement=self.statement).values_list("email_index", flat=True)
        )
        self.assertEqual(len(indexes), len(set(indexes)))
        if response.status_code == 302 and not data.get("website"):
            self.assertIn(email_index(data["email"].strip()), indexes)

    def sign_raw(self, data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/s/declaration/sign/", data)
