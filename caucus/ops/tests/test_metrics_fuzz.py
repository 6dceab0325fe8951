"""Whatever a stranger puts in the headers, /metrics answers 404 and never fails."""

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.ops.tests.helpers import TOKEN

# Nothing a stranger sends names the allowed network (10.0.0.0/8, IPv4-mapped forms included).
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=80).filter(
    lambda text: "10." not in text
)
ADDRESSES = st.ip_addresses().map(str).filter(lambda ip: "10." not in ip)


@override_settings(
    METRICS_TOKEN=TOKEN, METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"], TRUSTED_PROXIES=["127.0.0.1"]
)
class MetricsHeadersFuzzTestCase(HypothesisTestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        authorization=st.one_of(HEADER_TEXT, HEADER_TEXT.map(lambda text: f"Bearer {text}")),
        forwarded_for=st.one_of(HEADER_TEXT, ADDRESSES),
        forwarded=st.one_of(HEADER_TEXT, ADDRESSES.map(lambda ip: f'for="{ip}"')),
    )
    def test_nothing_but_the_token_or_the_network_opens_it(
        self, authorization, forwarded_for, forwarded
    ):
        response = self.client.get(
            "/metrics",
            HTTP_AUTHORIZATION=authorization,
            HTTP_X_FORWARDED_FOR=forwarded_for,
            HTTP_FORWARDED=forwarded,
        )
        self.assertEqual(response.status_code, 404)
        # The same request with the token is answered: the headers alone broke nothing.
        response = self.client.get(
            "/metrics",
            HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
            HTTP_X_FORWARDED_FOR=forwarded_for,
            HTTP_FORWARDED=forwarded,
        )
        self.assertEqual(response.status_code, 200)
