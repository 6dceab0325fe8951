"""The public forms that email an address someone typed (signing, following a case, RSVPs,
outside hosts): any bytes in any field are a 4xx or a success, never a 500; and following,
like the others, slows down per address."""

from urllib.parse import quote

from django.core import mail
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.campaigns.tests.helpers import event_post, make_campaign, make_event
from caucus.signatures.tests.helpers import make_statement
from caucus.solidarity.models import Follower
from caucus.solidarity.tests.base import CaseTestCase

# Percent-encoded: NUL, half of a surrogate pair in UTF-8 form, bytes that are no UTF-8 at all,
# an overlong slash, a right-to-left override.
BAD = ["%00", "%ED%A0%80", "%FF", "%C0%AF", "%E2%80%AE", "%F4%90%80%80"]


class PublicFormsTestCase(CaseTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = make_statement(coalition=cls.coalition)
        cls.campaign = make_campaign(cls.coalition, registration="hosts")
        cls.event = make_event(cls.campaign, cls.alpha)

    def forms(self) -> list[tuple[str, dict]]:
        return [
            (f"/s/{self.statement.slug}/sign/", {"name": "Ana", "email": "a@x.org", "city": "C"}),
            (f"/cases/{self.open_case.slug}/follow/", {"email": "f@x.org"}),
            (f"/events/{self.event.uid}/rsvp/", {"name": "Pat", "email": "p@x.org"}),
            (
                f"/campaigns/{self.campaign.slug}/host/",
                {**event_post(), "host_name": "Friends", "host_contact": "h@x.org"},
            ),
        ]

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(data=st.data())
    def test_any_bytes_in_any_field_are_refused_cleanly_or_accepted(self, data):
        url, fields = data.draw(st.sampled_from(self.forms()))
        field = data.draw(st.sampled_from(sorted(fields)))
        value = quote(str(fields[field]), safe="")
        at = data.draw(st.integers(0, len(value)))
        raw = value[:at] + data.draw(st.sampled_from(BAD)) + value[at:]
        body = "&".join(
            f"{name}={raw if name == field else quote(str(v), safe='')}"
            for name, v in fields.items()
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, body, content_type="application/x-www-form-urlencoded")
        self.assertLess(response.status_code, 500, (url, field, raw))

    @override_settings(SIGNATURE_RATE_PER_ADDRESS=2, SIGNATURE_RATE_PER_PREFIX=0)
    def test_following_slows_down_one_address(self):
        url = f"/cases/{self.open_case.slug}/follow/"
        for _ in range(2):
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(self.client.post(url, {"email": "f@x.org"}).status_code, 302)
        response = self.client.post(url, {"email": "F+again@x.org"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(mail.outbox), 2)  # a pending follower is sent the link again
        self.assertEqual(Follower.objects.count(), 1)
