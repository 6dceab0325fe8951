"""Ballots signed with the organization's own key: checked before they are appended, carried in
the ledger beside the instance's signature, counted apart from instance-attested ones; a vote
may require them (issue "Verifiable ballots", 1-2)."""

import json
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from types import SimpleNamespace
from unittest import mock

import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.decisions import keys, ledger, offline
from caucus.decisions.disclosure import full_export
from caucus.decisions.models import BallotKey, BallotKeyState
from caucus.decisions.services import ballot_keys, ballots, votes
from caucus.decisions.services.ballots import SIGNED_BEFORE
from caucus.decisions.tests.helpers import (
    Clock,
    ballot_key,
    cast_signed,
    expire,
    open_vote,
    sign,
)
from caucus.test import BaseTestCase


class Keys:
    def setUp(self):
        self.alpha_key = ballot_key(self.alpha, self.delegate)
        self.gamma_key = ballot_key(self.gamma, self.gamma_admin)

    def count(self) -> int:
        return self.vote.entries.filter(kind="ballot").count()


class SignedBallotTestCase(Keys, BaseTestCase):
    def setUp(self):
        super().setUp()
        self.vote = open_vote(self)

    def refused(self, message: str, **signed) -> None:
        before = self.count()
        with self.assertRaisesMessage(ValidationError, message):
            ballots.ballot_cast(
                vote=self.vote,
                organization=self.alpha,
                actor=self.delegate,
                choice="for",
                signed=sign(self.vote, self.alpha, "for", self.alpha_key, **signed),
            )
        self.assertEqual(self.count(), before)

    def test_the_manifest_lists_each_organizations_active_keys_only(self):
        pending = BallotKey.objects.create(
            organization=self.alpha,
            label="new phone",
            public_key="aa" * 32,
            key_id="aaaaaaaaaaaaaaaa",
            state=BallotKeyState.PENDING,
        )
        later = open_vote(self, rules=("simple",))
        listed = {row["org"]: row["keys"] for row in later.manifest()["eligible"]}
        self.assertEqual(
            [k["public_key"] for k in listed["alpha"]], [keys.public_hex(self.alpha_key)]
        )
        self.assertNotIn(pending.key_id, json.dumps(listed))
        self.assertEqual(later.manifest()["format"], "caucus-vote/2")
        self.assertEqual(later.manifest()["key_id"], keys.key_id(keys.public_key_hex()))

    def test_a_signed_ballot_carries_both_signatures_and_counts_as_signed(self):
        entry = cast_signed(self.vote, self.alpha, self.delegate, "against", self.alpha_key)
        ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        payload = json.loads(entry.payload)
        self.assertEqual(payload["key_id"], keys.key_id(keys.public_hex(self.alpha_key)))
        self.assertTrue(entry.is_voter_signed)
        self.assertEqual(entry.choice(), "against")
        self.assertNotIn("against", entry.payload)  # only the commitment
        expire(self.vote)
        votes.close_if_due(self.vote)
        self.assertEqual(
            self.vote.result["attestation"], {"voter_signed": 1, "instance_attested": 1}
        )
        report = offline.tool().verify(full_export(self.vote), trusted=[keys.public_key_hex()])
        self.assertEqual(report.problems, [])
        self.assertIn(
            "ballots counted: 1 signed by their organization, 1 attested by the instance only",
            report.checked,
        )
        self.assertTrue(any("gamma is attested by the instance only" in w for w in report.warnings))

    def test_another_organizations_key_is_refused(self):
        gamma_id = keys.key_id(keys.public_hex(self.gamma_key))
        self.refused("not one of your organization's keys", key_id=gamma_id)

    def test_a_signature_over_another_choice_is_refused(self):
        signed = sign(self.vote, self.alpha, "against", self.alpha_key)
        with self.assertRaisesMessage(ValidationError, "does not match this ballot"):
            ballots.ballot_cast(
                vote=self.vote,
                organization=self.alpha,
                actor=self.delegate,
                choice="for",
                signed=signed,
            )
        self.assertEqual(self.count(), 0)

    def test_a_signed_ballot_cast_twice_is_refused(self):
        signed = sign(self.vote, self.alpha, "for", self.alpha_key)
        ballots.ballot_cast(
            vote=self.vote,
            organization=self.alpha,
            actor=self.delegate,
            choice="for",
            signed=signed,
        )
        with self.assertRaisesMessage(ValidationError, "already cast"):
            ballots.ballot_cast(
                vote=self.vote,
                organization=self.alpha,
                actor=self.delegate,
                choice="for",
                signed=signed,
            )
        self.assertEqual(self.count(), 1)

    def test_an_older_signed_ballot_cannot_come_after_a_newer_one(self):
        old = sign(
            self.vote,
            self.alpha,
            "for",
            self.alpha_key,
            time=ledger.iso(timezone.now() - timedelta(minutes=5)),
        )
        cast_signed(self.vote, self.alpha, self.delegate, "against", self.alpha_key)
        with self.assertRaisesMessage(ValidationError, "newer ballot"):
            ballots.ballot_cast(
                vote=self.vote,
                organization=self.alpha,
                actor=self.delegate,
                choice="for",
                signed=old,
            )

    def racing(self, first: Callable[[], object]):
        """Patch the service so that `first` (another request, served at the same moment)
        gets its ballot into the ledger after this one's checks, as this one's write begins."""
        raced = []

        def atomic(*args, **kwargs):
            if not raced:
                raced.append(True)  # the racing request comes through here too
                first()
            return transaction.atomic(*args, **kwargs)

        shim = SimpleNamespace(atomic=atomic, on_commit=transaction.on_commit)
        return mock.patch.object(ballots, "transaction", shim)

    def test_a_signed_ballot_submitted_twice_at_once_is_appended_once(self):
        """A retried request racing the first (web or API): it sees the first's entry when it
        is written, so the nonce is not in the ledger twice and every verifier still passes."""
        signed = sign(self.vote, self.alpha, "for", self.alpha_key)
        cast = partial(
            ballots.ballot_cast,
            vote=self.vote,
            organization=self.alpha,
            actor=self.delegate,
            choice="for",
            signed=signed,
        )
        with self.racing(cast), self.assertRaisesMessage(ValidationError, "already cast"):
            cast()
        self.assertEqual(self.count(), 1)
        self.assertEqual(ledger.verify(self.vote).problems, [])

    def test_two_delegates_signing_at_once_land_only_in_the_order_they_signed(self):
        """Two delegates of alpha sign a second apart; the later signature is written first:
        the earlier is refused rather than appended after a newer ballot of its organization."""
        earlier = sign(
            self.vote,
            self.alpha,
            "for",
            self.alpha_key,
            time=ledger.iso(timezone.now() - timedelta(seconds=1)),
        )
        with self.racing(
            lambda: cast_signed(self.vote, self.alpha, self.org_admin, "against", self.alpha_key)
        ):
            with self.assertRaisesMessage(ValidationError, "newer ballot"):
                ballots.ballot_cast(
                    vote=self.vote,
                    organization=self.alpha,
                    actor=self.delegate,
                    choice="for",
                    signed=earlier,
                )
        self.assertEqual(self.count(), 1)
        self.assertEqual(self.vote.last_ballots()["alpha"], "against")
        self.assertEqual(ledger.verify(self.vote).problems, [])

    def test_a_signature_made_long_ago_is_refused(self):
        self.refused("too long ago", time=ledger.iso(timezone.now() - timedelta(hours=1)))

    def test_a_ballot_signed_after_the_close_by_a_fast_clock_is_refused(self):
        """A delegate whose clock runs four minutes fast, voting two minutes before the close:
        the verifier calls a ballot signed after the close invalid, so it is not appended."""
        closes = self.vote.signed_times()[1]
        Clock.forward_to(closes - timedelta(minutes=2))
        self.refused("clock is wrong", time=ledger.iso(timezone.now() + timedelta(minutes=4)))
        cast_signed(self.vote, self.alpha, self.delegate, "for", self.alpha_key)
        self.assertEqual(self.count(), 1)
        expire(self.vote)
        votes.close_if_due(self.vote)
        report = offline.tool().verify(full_export(self.vote), trusted=[keys.public_key_hex()])
        self.assertEqual(report.problems, [])

    def test_a_signed_time_is_measured_from_the_cast_at_stamped_on_the_ballot(self):
        """The window is the verifier's, around `cast_at`: a ballot signed exactly 30 minutes
        before it was checked, and stamped a second after the check, is too old by its stamp."""
        real = ballots._check_signed
        with time_machine.travel(timezone.now(), tick=False) as frozen:

            def check_then_wait(*args, **kwargs):
                result = real(*args, **kwargs)
                frozen.shift(timedelta(seconds=1))
                return result

            with mock.patch.object(ballots, "_check_signed", check_then_wait):
                self.refused("clock is wrong", time=ledger.iso(timezone.now() - SIGNED_BEFORE))

    def test_a_signed_time_not_written_as_the_ledger_writes_times_is_refused(self):
        """Verifiers compare signed times as text, which only fixed-width times allow."""
        self.refused("not a ledger time", time=timezone.now().strftime("%Y-%m-%dT%H:%M:%S.5Z"))

    def test_a_damaged_signature_is_refused(self):
        self.refused("does not match", signature="00" * 64)
        self.refused("incomplete or damaged", nonce="xyz")

    def test_a_revoked_key_is_refused_although_the_manifest_lists_it(self):
        key = BallotKey.objects.get(public_key=keys.public_hex(self.alpha_key))
        ballot_keys.key_revoke(key=key, actor=self.org_admin)
        self.refused("was revoked")

    def test_a_vote_opened_before_signed_ballots_takes_no_signature(self):
        from caucus.decisions.tests.helpers import make_motion, open_v1_vote

        old = open_v1_vote(self, make_motion(self, "Older"))
        with self.assertRaisesMessage(ValidationError, "before signed ballots existed"):
            ballots.ballot_cast(
                vote=old,
                organization=self.alpha,
                actor=self.delegate,
                choice="for",
                signed=sign(old, self.alpha, "for", self.alpha_key),
            )


class RequiredSignaturesTestCase(Keys, BaseTestCase):
    def setUp(self):
        super().setUp()
        self.vote = open_vote(self, require=True)

    def test_an_unsigned_ballot_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "requires ballots signed"):
            ballots.ballot_cast(
                vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
            )
        self.assertEqual(self.count(), 0)
        cast_signed(self.vote, self.alpha, self.delegate, "for", self.alpha_key)
        self.assertEqual(self.count(), 1)
        self.assertTrue(self.vote.manifest()["require_voter_signatures"])

    def test_it_cannot_open_while_an_organization_has_no_key(self):
        BallotKey.objects.filter(organization=self.gamma).update(state=BallotKeyState.REVOKED)
        with self.assertRaisesMessage(ValidationError, "Gamma Union"):
            open_vote(self, require=True)

    def test_the_vote_page_offers_only_signing_without_javascript(self):
        self.client.force_login(self.delegate)
        page = self.client.get(self.vote.get_absolute_url())
        self.assertContains(page, 'id="cast-button" hidden')
        self.assertContains(page, "Sign with the caucus_ballot.py tool instead")
        self.assertContains(page, "Only ballots signed with an organization's own key count")


class WebSignedBallotTestCase(Keys, BaseTestCase):
    """The form the page's script fills (hidden fields), and signing offline without script."""

    def setUp(self):
        super().setUp()
        self.vote = open_vote(self)
        self.url = self.vote.get_absolute_url()
        self.client.force_login(self.delegate)

    def test_the_form_takes_a_signature_made_in_the_browser(self):
        signed = sign(self.vote, self.alpha, "abstain", self.alpha_key)
        data = {"organization": "alpha", "choice": "abstain", **signed.__dict__}
        response = self.client.post(self.url + "ballot/", data)
        entry = self.vote.entries.get(kind="ballot")
        self.assertRedirects(response, f"{self.url}?receipt={entry.entry_hash}#receipt")
        self.assertTrue(entry.is_voter_signed)
        page = self.client.get(response["Location"])
        self.assertContains(page, "It carries your organization's signature")
        self.assertContains(page, "signed with your key")

    def test_a_partial_signature_is_a_form_error_and_nothing_is_cast(self):
        data = {"organization": "alpha", "choice": "for", "signature": "ab" * 64}
        response = self.client.post(self.url + "ballot/", data)
        self.assertContains(response, "incomplete or damaged", status_code=400)
        self.assertEqual(self.count(), 0)

    def test_signing_offline_shows_the_exact_text_then_takes_the_signature(self):
        page = self.client.post(
            self.url + "ballot/offline/", {"organization": "alpha", "choice": "against"}
        )
        self.assertEqual(page.status_code, 200)
        request = json.loads(page.context["request_json"])
        self.assertEqual(request["opening"]["choice"], "against")
        self.assertContains(page, "caucus_ballot.py sign --key")
        signed = page.context["signed"]
        hidden = {
            "organization": "alpha",
            "choice": "against",
            "nonce": signed.nonce,
            "time": signed.time,
            "salt": signed.salt,
        }
        key_id = keys.key_id(keys.public_hex(self.alpha_key))
        bad = self.client.post(
            self.url + "ballot/offline/",
            {**hidden, "step": "sign", "key_id": key_id, "signature": "ab" * 64},
        )
        self.assertContains(bad, "does not match this ballot and key", status_code=400)
        self.assertEqual(self.count(), 0)
        signature = self.alpha_key.sign(request["statement"].encode()).hex()
        spaced = " ".join(signature[i : i + 32] for i in range(0, 128, 32))  # pasted with breaks
        response = self.client.post(
            self.url + "ballot/offline/",
            {**hidden, "step": "sign", "key_id": key_id, "signature": spaced},
        )
        entry = self.vote.entries.get(kind="ballot")
        self.assertRedirects(response, f"{self.url}?receipt={entry.entry_hash}#receipt")
        self.assertEqual((entry.choice(), entry.is_voter_signed), ("against", True))

    def test_the_signing_request_downloads_as_a_file(self):
        page = self.client.post(
            self.url + "ballot/offline/", {"organization": "alpha", "choice": "for"}
        )
        signed = page.context["signed"]
        response = self.client.post(
            self.url + "ballot/offline/",
            {
                "organization": "alpha",
                "choice": "for",
                "nonce": signed.nonce,
                "time": signed.time,
                "salt": signed.salt,
                "step": "download",
            },
        )
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(json.loads(response.content)["format"], "caucus-ballot-request/1")

    def test_the_api_takes_a_signed_ballot_and_returns_the_signed_receipt(self):
        signed = sign(self.vote, self.alpha, "for", self.alpha_key)
        url = f"/api/v1/coalitions/united/votes/{self.vote.pk}/ballots"
        body = {"organization": "alpha", "choice": "for", **signed.__dict__}
        response = self.client.post(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertTrue(data["signed"])
        self.assertEqual(data["receipt"]["entry_hash"], data["tracker"])
        wrong = {**body, "nonce": "cd" * 16}
        response = self.client.post(url, wrong, content_type="application/json")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(self.count(), 1)


HEXISH = st.text(alphabet="0123456789abcdefxyz \n", max_size=140)


class SignedBallotFuzzTestCase(Keys, BaseTestCase, HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(key_id=HEXISH, nonce=HEXISH, time=st.text(max_size=40), salt=HEXISH, signature=HEXISH)
    @example(key_id="", nonce="", time="\x00", salt="", signature="")  # found by a run of the suite
    def test_any_signature_fields_are_a_clear_refusal_and_change_nothing(
        self, key_id, nonce, time, salt, signature
    ):
        vote = open_vote(self)
        self.client.force_login(self.delegate)
        data = {"organization": "alpha", "choice": "for", "key_id": key_id, "nonce": nonce}
        data.update(time=time, salt=salt, signature=signature)
        response = self.client.post(vote.get_absolute_url() + "ballot/", data)
        # Signature fields given, or text no field can store (a NUL, in the time here): refused.
        unstorable = any("\x00" in value for value in data.values())
        if unstorable or any(data[name].strip() for name in ("key_id", "signature")):
            self.assertEqual(response.status_code, 400)
            self.assertEqual(vote.entries.filter(kind="ballot").count(), 0)
        else:
            self.assertEqual(response.status_code, 302)
