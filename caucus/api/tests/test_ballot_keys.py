"""Ballot keys in the API: an organization's members read its keys, a delegate with a second
factor registers one that waits for an admin, an admin approves and revokes (all through the
web's services, so audit-logged), coordinators see every member organization's keys, and a
delegate gets the text to sign and casts a ballot signed with the organization's key."""

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.test_decisions_base import (
    COORDINATORS,
    DecisionsApiTestCase,
    snapshot,
)
from caucus.api.tests.test_decisions_fuzz import FUZZ, JSON, VALUE, bodies
from caucus.audit.models import AuditEntry
from caucus.decisions import keys
from caucus.decisions.models import BallotKey, BallotKeyState, LedgerEntry
from caucus.decisions.services import ballot_keys, votes
from caucus.decisions.tests.helpers import expire, make_motion, open_vote
from caucus.test import OK, expect

ALPHA = "/organizations/alpha/ballot-keys"
# Reading an organization's keys: its members, like its "Ballot keys" page (no second factor
# to read, as on the web); the operator acts through the admin site.
READERS = expect(
    403,
    anonymous=401,
    nomfa=OK,
    delegate=OK,
    editor=OK,
    org_admin=OK,
    coordinator=OK,  # also a delegate of alpha
)  # outsider and gamma_admin are admins of other organizations
# Acting for the organization: any of its people with a second factor (its editor too,
# as the API answers today).
ACTORS = {**READERS, "nomfa": 403}
ADMINS = {**ACTORS, "delegate": 403, "editor": 403, "coordinator": 403}


def new_private() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_of(private: Ed25519PrivateKey) -> str:
    return keys.public_hex(private)


class BallotKeysApiTestCase(DecisionsApiTestCase):
    def setUp(self):
        self.private = new_private()
        self.pending = ballot_keys.key_register(
            organization=self.alpha,
            actor=self.delegate,
            label="Dave's laptop",
            public_key=public_of(self.private),
        )
        self.gamma_key = ballot_keys.key_register(
            organization=self.gamma,
            actor=self.gamma_admin,
            label="Gina's phone",
            public_key=public_of(new_private()),
        )

    def body(self, **over) -> dict:
        return {"label": "Office desktop", "public_key": public_of(new_private()), **over}


class RoleMatrixTestCase(BallotKeysApiTestCase):
    def test_the_organizations_members_read_its_keys_with_their_holders(self):
        self.matrix("get", ALPHA, None, READERS)
        page = self.ok("delegate", "get", ALPHA)
        self.assertEqual(page["count"], 1)
        (key,) = page["items"]
        self.assertEqual(
            (key["key_id"], key["state"], key["holder"], key["organization"]),
            (self.pending.key_id, "pending", "Dave Delegate", "alpha"),
        )
        self.assertEqual(key["public_key"], public_of(self.private))
        one = self.ok("delegate", "get", f"{ALPHA}/{self.pending.key_id}")
        self.assertEqual(one, key)

    def test_a_coordinator_reads_no_organizations_keys_outside_their_own(self):
        self.matrix(
            "get",
            "/organizations/gamma/ballot-keys",
            None,
            expect(403, anonymous=401, gamma_admin=OK),
        )

    def test_delegates_and_admins_with_a_second_factor_register(self):
        self.matrix("post", ALPHA, self.body(), ACTORS, allowed=201)

    def test_an_admins_key_is_active_at_once_and_a_delegates_waits(self):
        mine = self.ok("org_admin", "post", ALPHA, self.body(), status=201)
        theirs = self.ok("delegate", "post", ALPHA, self.body(label="Phone"), status=201)
        self.assertEqual((mine["state"], theirs["state"]), ("active", "pending"))
        self.assertEqual(mine["holder"], "Alice Admin")
        self.assertIsNotNone(mine["approved_at"])
        self.assertEqual(
            list(
                AuditEntry.objects.filter(organization=self.alpha)
                .filter(action__startswith="ballot_key.")
                .order_by("pk")
                .values_list("action", "data__key")
            ),
            [
                ("ballot_key.registered", self.pending.key_id),
                ("ballot_key.approved", mine["key_id"]),
                ("ballot_key.registered", theirs["key_id"]),
            ],
        )

    def test_only_admins_with_a_second_factor_approve(self):
        self.matrix("post", f"{ALPHA}/{self.pending.key_id}/approve", None, ADMINS)

    def test_an_admin_revokes_any_key_and_a_delegate_their_own(self):
        # The coordinator is a delegate of alpha too, but the key is not theirs.
        self.matrix(
            "post",
            f"{ALPHA}/{self.pending.key_id}/revoke",
            None,
            {**ADMINS, "delegate": OK},
        )

    def test_approving_and_revoking_go_through_the_services_and_the_audit_log(self):
        approved = self.ok("org_admin", "post", f"{ALPHA}/{self.pending.key_id}/approve")
        self.assertEqual(approved["state"], "active")
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.approved_by, self.org_admin)
        self.assertIn(self.pending.key_id, str(open_vote(self).manifest()))
        revoked = self.ok("delegate", "post", f"{ALPHA}/{self.pending.key_id}/revoke")
        self.assertEqual(revoked["state"], "revoked")
        self.assertIsNotNone(revoked["revoked_at"])
        self.assertEqual(
            AuditEntry.objects.filter(action="ballot_key.revoked").get().actor, self.delegate
        )

    def test_coordinators_see_the_member_organizations_keys_and_their_history(self):
        self.matrix("get", "/coalitions/united/ballot-keys", None, COORDINATORS)
        self.matrix("get", "/coalitions/united/ballot-keys/history", None, COORDINATORS)
        revoked = ballot_keys.key_register(
            organization=self.alpha,
            actor=self.org_admin,
            label="Lost phone",
            public_key=public_of(new_private()),
        )
        ballot_keys.key_revoke(key=revoked, actor=self.org_admin)
        page = self.ok("coordinator", "get", "/coalitions/united/ballot-keys")
        self.assertEqual(
            [(k["organization"], k["key_id"], k["state"]) for k in page["items"]],
            [("alpha", self.pending.key_id, "pending"), ("gamma", self.gamma_key.key_id, "active")],
        )
        self.assertNotIn("holder", page["items"][0])  # the delegates stay their organization's
        history = self.ok("coordinator", "get", "/coalitions/united/ballot-keys/history")
        self.assertEqual(
            [(e["organization"], e["action"]) for e in history["items"]],
            [
                ("alpha", "ballot_key.revoked"),
                ("alpha", "ballot_key.approved"),
                ("gamma", "ballot_key.approved"),
                ("alpha", "ballot_key.registered"),
            ],
        )

    def test_the_coordinators_list_costs_the_same_queries_for_more_keys(self):
        client = self.as_("coordinator")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = self.call(client, "get", "/coalitions/united/ballot-keys")
            self.assertEqual(response.status_code, 200)
            return len(captured)

        few = queries()
        for n in range(5):
            ballot_keys.key_register(
                organization=self.gamma,
                actor=self.gamma_admin,
                label=f"Device {n}",
                public_key=public_of(new_private()),
            )
        self.assertEqual(queries(), few)


class BadInputTestCase(BallotKeysApiTestCase):
    def test_bad_public_keys_are_field_errors(self):
        private = new_private()
        raw = private.public_key().public_bytes_raw()
        for bad in [
            "abc",
            "zz" * 32,
            public_of(private) + "00",  # 33 bytes
            public_of(private)[:-2],  # 31 bytes
            base64.b64encode(raw).decode(),  # the web takes hex only
            "",
        ]:
            with self.subTest(bad=bad):
                errors = self.invalid("org_admin", "post", ALPHA, self.body(public_key=bad))
                self.assertEqual(list(errors), ["public_key"])

    def test_a_key_in_spaces_and_capitals_is_taken_as_on_the_web(self):
        public = public_of(new_private())
        spaced = " ".join(public.upper()[i : i + 8] for i in range(0, 64, 8))
        key = self.ok("org_admin", "post", ALPHA, self.body(public_key=spaced), status=201)
        self.assertEqual((key["public_key"], key["key_id"]), (public, keys.key_id(public)))

    def test_a_key_registered_twice_is_refused_on_the_field(self):
        errors = self.invalid(
            "org_admin", "post", ALPHA, self.body(public_key=self.pending.public_key)
        )
        self.assertEqual(errors, {"public_key": ["This key is already registered."]})

    def test_bad_bodies_are_refused_with_their_place(self):
        cases = [
            ({"public_key": public_of(new_private())}, "label"),
            (self.body(label=""), "label"),
            (self.body(label="x" * 101), "label"),
            (self.body(label="a\x00b"), "label"),
            (self.body(public_key=12345), "public_key"),
            (self.body(public_key=None), "public_key"),
            (self.body(extra="x"), "extra"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertIn(field, self.invalid("org_admin", "post", ALPHA, body))
        for raw in ["[]", '"key"', "{"]:
            with self.subTest(raw=raw):
                response = self.call(self.as_("org_admin"), "post", ALPHA, raw)
                self.assertIn(response.status_code, (400, 422), response.content)

    def test_a_key_not_waiting_cannot_be_approved_and_a_revoked_one_not_revoked(self):
        active = self.ok("org_admin", "post", ALPHA, self.body(), status=201)
        self.invalid("org_admin", "post", f"{ALPHA}/{active['key_id']}/approve", None, 409)
        self.ok("org_admin", "post", f"{ALPHA}/{active['key_id']}/revoke")
        self.invalid("org_admin", "post", f"{ALPHA}/{active['key_id']}/revoke", None, 409)
        self.invalid("org_admin", "post", f"{ALPHA}/{active['key_id']}/approve", None, 409)

    def test_unknown_keys_and_other_organizations_keys_are_not_found(self):
        for key_id in ["0" * 16, "nothex", "x" * 300, self.gamma_key.key_id]:
            with self.subTest(key_id=key_id):
                self.invalid("org_admin", "post", f"{ALPHA}/{key_id}/approve", None, 404)
                self.invalid("org_admin", "get", f"{ALPHA}/{key_id}", None, 404)
        self.invalid("org_admin", "get", "/organizations/nowhere/ballot-keys", None, 404)

    def test_an_organization_at_its_limit_of_keys_is_refused_as_a_whole(self):
        BallotKey.objects.bulk_create(
            BallotKey(
                organization=self.alpha,
                label=f"Device {n}",
                public_key=f"{n:064x}",
                key_id=f"{n:016x}",
                state=BallotKeyState.ACTIVE,
            )
            for n in range(1, ballot_keys.MAX_KEYS)
        )
        errors = self.invalid("org_admin", "post", ALPHA, self.body(), 409)
        self.assertEqual(errors, {"": ["Revoke keys no longer in use before adding another."]})


class SignedBallotTestCase(BallotKeysApiTestCase):
    """From registering a key in the API to a ballot it signed in the ledger."""

    def setUp(self):
        super().setUp()
        self.private_admin = new_private()
        key = self.ok(
            "org_admin",
            "post",
            ALPHA,
            {"label": "Alice's key", "public_key": public_of(self.private_admin)},
            status=201,
        )
        self.key_id = key["key_id"]
        self.signed_vote = open_vote(self, make_motion(self, "Signed motion"), require=True)
        self.base = f"/coalitions/united/votes/{self.signed_vote.pk}"

    def test_a_delegate_signs_the_requested_text_and_casts_a_signed_ballot(self):
        request = self.ok(
            "delegate",
            "post",
            self.base + "/ballot-requests",
            {"organization": "alpha", "choice": "for"},
        )
        self.assertEqual(request["key_ids"], [self.key_id])
        self.assertEqual(request["request"]["statement"], request["statement"])
        self.assertEqual(request["request"]["opening"], {"choice": "for", "salt": request["salt"]})
        signature = self.private_admin.sign(request["statement"].encode()).hex()
        body = {
            "organization": "alpha",
            "choice": "for",
            "key_id": self.key_id,
            "nonce": request["nonce"],
            "time": request["time"],
            "salt": request["salt"],
            "signature": signature,
        }
        receipt = self.ok("delegate", "post", self.base + "/ballots", body, status=201)
        self.assertTrue(receipt["signed"])
        entry = LedgerEntry.objects.get(entry_hash=receipt["tracker"])
        self.assertTrue(entry.is_voter_signed)
        self.assertEqual(entry.ballot()["key_id"], self.key_id)

    def test_a_signature_over_another_choice_is_refused(self):
        request = self.ok(
            "delegate",
            "post",
            self.base + "/ballot-requests",
            {"organization": "alpha", "choice": "for"},
        )
        body = {
            "organization": "alpha",
            "choice": "against",
            "key_id": self.key_id,
            "nonce": request["nonce"],
            "time": request["time"],
            "salt": request["salt"],
            "signature": self.private_admin.sign(request["statement"].encode()).hex(),
        }
        response = self.call(self.as_("delegate"), "post", self.base + "/ballots", body)
        self.assertIn(response.status_code, (409, 422), response.content)
        self.assertFalse(LedgerEntry.objects.filter(vote=self.signed_vote, kind="ballot").exists())

    def test_voters_get_the_text_to_sign_and_nothing_is_recorded(self):
        path = self.base + "/ballot-requests"
        body = {"organization": "alpha", "choice": "for"}
        # gamma's admin may not ask for alpha's ballot: alpha is not a choice for them.
        self.matrix("post", path, body, {**ACTORS, "gamma_admin": 422}, changes=False)

    def test_no_text_to_sign_once_voting_has_closed(self):
        expire(self.signed_vote)
        votes.close_if_due(self.signed_vote)
        body = {"organization": "alpha", "choice": "for"}
        errors = self.invalid("delegate", "post", self.base + "/ballot-requests", body, 409)
        self.assertEqual(errors, {"": ["Voting has closed."]})

    def test_a_request_for_a_choice_or_organization_not_offered_is_refused(self):
        path = self.base + "/ballot-requests"
        for body, field in [
            ({"organization": "alpha", "choice": "maybe"}, "choice"),
            ({"organization": "beta", "choice": "for"}, "organization"),
            ({"organization": "alpha"}, "choice"),
            ({"organization": "alpha", "choice": "for", "signature": "00"}, "signature"),
        ]:
            with self.subTest(body=body):
                self.assertIn(field, self.invalid("delegate", "post", path, body))


KEY_VALUES = st.sampled_from(
    [public_of(new_private()), "ab" * 32, "AB CD" * 13, "00" * 32, "ff" * 32, "Desk", "for"]
)


class BallotKeysFuzzTestCase(BallotKeysApiTestCase, HypothesisTestCase):
    """Arbitrary JSON at the writes: never a server error, and a refusal changes nothing.
    Each example runs in its own transaction, rolled back after it."""

    def send(self, actor: str, path: str, body) -> None:
        before = snapshot()
        response = self.call(self.as_(actor, "token"), "post", path, json.dumps(body))
        self.assertLess(response.status_code, 500, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            self.assertEqual(snapshot(), before)

    @FUZZ
    @given(
        JSON
        | st.fixed_dictionaries(
            {}, optional=dict.fromkeys(["label", "public_key"], KEY_VALUES | VALUE)
        )
    )
    def test_register_key(self, body):
        self.send("org_admin", ALPHA, body)

    @FUZZ
    @given(bodies("organization", "choice"))
    def test_ballot_request(self, body):
        self.send("delegate", f"/coalitions/united/votes/{self.vote.pk}/ballot-requests", body)
