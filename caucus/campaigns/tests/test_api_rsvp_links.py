"""Confirming, reading and cancelling an RSVP through the API with the tokens of the emailed
links: the links' own rules (a used, expired or forged token is refused, nothing changed),
the private address only once confirmed, and bad query parameters reported under "query"."""

import re
from datetime import timedelta

import time_machine
from django.apps import apps
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Event, EventStatus, Rsvp, RsvpState
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import on_test_day

SECRET = "Backyard of 7 Hidden Lane"
WATCHED = ["campaigns.Rsvp", "campaigns.Event"]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


@on_test_day
class RsvpLinkApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=SECRET, address_visibility="rsvp", capacity=5
        )

    def rsvp(self, email: str = "pat@example.net") -> tuple[str, str]:
        """RSVP through the API; (confirm token, manage token) from the email sent."""
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call(
                self.as_("anonymous"),
                "post",
                f"/events/{self.event.uid}/rsvps",
                {"name": "Pat", "email": email},
            )
        self.assertEqual(response.status_code, 202, response.content)
        body = mail.outbox[-1].body
        confirm = re.search(r"/events/rsvp/confirm/([^/\s]+)/", body).group(1)
        manage = re.search(r"/events/rsvp/(?!confirm/)([^/\s]+)/", body).group(1)
        return confirm, manage

    def refused(self, method: str, path: str, status: int, code: str | None = None) -> dict:
        before = snapshot()
        response = self.call(self.as_("anonymous"), method, path)
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(snapshot(), before)
        body = response.json()
        self.assertTrue(body["detail"])
        if code is not None:
            self.assertEqual(body["code"], code)
        return body

    def test_confirm_read_and_cancel_with_the_links_tokens(self):
        confirm, manage = self.rsvp()
        pending = self.call(self.as_("anonymous"), "get", f"/rsvps/{manage}").json()
        self.assertEqual((pending["state"], pending["address"]), ("pending", ""))
        self.assertEqual(pending["event"]["uid"], str(self.event.uid))
        self.assertEqual(pending["event"]["address"], "")
        response = self.call(self.as_("anonymous"), "post", f"/rsvps/confirm/{confirm}")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["state"], "confirmed")
        self.assertEqual(response.json()["address"], SECRET)
        self.assertEqual(Rsvp.objects.get().state, RsvpState.CONFIRMED)
        read = self.call(self.as_("anonymous"), "get", f"/rsvps/{manage}").json()
        self.assertEqual(read["address"], SECRET)
        self.assertNotIn("pat@example.net", str(read))
        # The confirmation link is used up; the public event still hides the address.
        self.refused("post", f"/rsvps/confirm/{confirm}", 400, "used")
        public = self.call(self.as_("anonymous"), "get", f"/events/{self.event.uid}").json()
        self.assertEqual(public["address"], "")
        cancelled = self.call(self.as_("anonymous"), "post", f"/rsvps/{manage}/cancel")
        self.assertEqual(cancelled.status_code, 200, cancelled.content)
        self.assertEqual(
            (cancelled.json()["state"], cancelled.json()["address"]), ("cancelled", "")
        )
        self.refused("post", f"/rsvps/{manage}/cancel", 400, "used")
        self.refused("post", f"/rsvps/confirm/{confirm}", 400, "used")

    def test_a_pending_rsvp_cancelled_kills_its_confirmation_link(self):
        confirm, manage = self.rsvp()
        self.call(self.as_("anonymous"), "post", f"/rsvps/{manage}/cancel")
        self.refused("post", f"/rsvps/confirm/{confirm}", 400, "used")
        self.assertEqual(Rsvp.objects.get().state, RsvpState.CANCELLED)

    def test_forged_tokens_are_404_and_expired_ones_400(self):
        confirm, manage = self.rsvp()
        for method, path in [
            ("post", f"/rsvps/confirm/{confirm[:-2]}xx"),
            ("post", f"/rsvps/confirm/{manage}"),  # a manage token confirms nothing
            ("post", "/rsvps/confirm/nonsense"),
            ("get", f"/rsvps/{confirm}"),
            ("post", f"/rsvps/{confirm}/cancel"),
        ]:
            with self.subTest(path=path):
                self.refused(method, path, 404)
        Rsvp.objects.all().delete()  # a well-signed token of an RSVP that no longer exists
        self.refused("get", f"/rsvps/{manage}", 404)

    def test_an_expired_confirmation_link_changes_nothing(self):
        confirm, _manage = self.rsvp()
        with time_machine.travel(timedelta(days=15)):
            body = self.refused("post", f"/rsvps/confirm/{confirm}", 400, "expired")
        self.assertIn("expired", body["detail"])
        self.assertEqual(Rsvp.objects.get().state, RsvpState.PENDING)

    def test_a_cancelled_or_full_event_refuses_the_confirmation(self):
        confirm, _manage = self.rsvp()
        Event.objects.filter(pk=self.event.pk).update(status=EventStatus.CANCELLED)
        before = snapshot()
        response = self.call(self.as_("anonymous"), "post", f"/rsvps/confirm/{confirm}")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(response.json()["errors"][0]["loc"], ["body"])
        self.assertEqual(snapshot(), before)
        Event.objects.filter(pk=self.event.pk).update(status=EventStatus.CONFIRMED, capacity=1)
        other_confirm, _ = self.rsvp("sam@example.net")
        self.call(self.as_("anonymous"), "post", f"/rsvps/confirm/{other_confirm}")
        response = self.call(self.as_("anonymous"), "post", f"/rsvps/confirm/{confirm}")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertIn("filled up", response.json()["errors"][0]["msg"])


@on_test_day
class QueryErrorsTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_campaign(cls.coalition)

    def locs(self, path: str, actor: str = "anonymous") -> list[list]:
        response = self.call(self.as_(actor), "get", path)
        self.assertEqual(response.status_code, 422, response.content)
        return [error["loc"] for error in response.json()["errors"]]

    def test_bad_filters_are_named_under_query(self):
        self.assertEqual(self.locs("/campaigns/spring/events?country=ZZ"), [["query", "country"]])
        self.assertEqual(self.locs("/campaigns/spring/events?kind=parade"), [["query", "kind"]])
        self.assertEqual(self.locs("/campaigns/spring/events?org=no%20slug"), [["query", "org"]])
        self.assertEqual(self.locs("/campaigns/spring/events?date=2031-02-30"), [["query", "date"]])
        self.assertEqual(self.locs("/campaigns/spring/events?day=x"), [["query", "day"]])
        both = self.locs("/campaigns/spring/events?country=ZZ&kind=parade")
        self.assertEqual(sorted(both), [["query", "country"], ["query", "kind"]])
        self.assertEqual(self.locs("/campaigns?status=over"), [["query", "status"]])
        self.assertEqual(
            self.locs("/campaigns/spring/hosts?approval=maybe", "coordinator"),
            [["query", "approval"]],
        )


@on_test_day
class QueryFuzzTestCase(ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_campaign(cls.coalition)

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        st.dictionaries(
            st.sampled_from(["day", "country", "city", "kind", "org", "date", "tz", "page"]),
            st.text(max_size=40),
            max_size=5,
        )
    )
    def test_any_filter_is_a_page_or_a_query_error(self, params):
        response = self.as_("anonymous").get("/api/v1/campaigns/spring/events", params)
        self.assertIn(response.status_code, (200, 422), response.content)
        if response.status_code == 422:
            for error in response.json()["errors"]:
                self.assertEqual(error["loc"][0], "query")

    @settings(
        max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(st.text(min_size=1, max_size=120).filter(lambda t: "/" not in t and "?" not in t))
    def test_any_token_is_refused_cleanly(self, token):
        from urllib.parse import quote

        before = snapshot()
        for method, path in (
            ("post", f"/rsvps/confirm/{quote(token)}"),
            ("get", f"/rsvps/{quote(token)}"),
            ("post", f"/rsvps/{quote(token)}/cancel"),
        ):
            response = getattr(self.as_("anonymous"), method)("/api/v1" + path)
            self.assertIn(response.status_code, (400, 404), response.content)
            self.assertIn("detail", response.json())
        self.assertEqual(snapshot(), before)
