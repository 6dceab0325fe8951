"""Two delegates of one organization voting at the same instant: both land, in order, no fork;
one signed ballot submitted twice at the same instant lands once."""

import threading
import unittest
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TransactionTestCase

from caucus.decisions import ledger
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import ballot_key, open_vote, sign
from caucus.test import build_cast


@unittest.skipIf(
    connection.vendor == "sqlite",
    "SQLite's in-memory test database shares one cache between threads, which fails with "
    "'table is locked' instead of waiting; on disk, IMMEDIATE transactions serialize writers.",
)
class SimultaneousBallotsTestCase(TransactionTestCase):
    def setUp(self):
        build_cast(type(self))
        self.vote = open_vote(self)

    def test_two_simultaneous_ballots_both_land_without_a_fork(self):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def cast(user, choice):
            try:
                barrier.wait(timeout=10)
                ballots.ballot_cast(
                    vote=self.vote, organization=self.alpha, actor=user, choice=choice
                )
            except BaseException as exc:  # noqa: BLE001 — reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=cast, args=(self.delegate, "for")),
            threading.Thread(target=cast, args=(self.coordinator, "against")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        entries = list(self.vote.entries.filter(kind="ballot").order_by("height"))
        self.assertEqual([b.height for b in entries], [1, 2])
        self.assertEqual(entries[1].parent_hash, entries[0].entry_hash)
        self.vote.refresh_from_db()
        self.assertEqual(ledger.verify(self.vote).problems, [])
        self.assertEqual(self.vote.last_ballots()["alpha"], entries[1].choice())

    def test_one_signed_ballot_submitted_twice_at_once_lands_once(self):
        """A retried request racing the first, both past the service's checks when they write:
        the one written second sees the first in the ledger and is refused."""
        private = ballot_key(self.alpha, self.delegate)
        vote = open_vote(self)
        signed = sign(vote, self.alpha, "for", private)
        barrier, real = threading.Barrier(2), ledger.append
        errors: list[BaseException] = []

        def append(*args, **kwargs):
            barrier.wait(timeout=10)  # both requests have been checked; now both write
            return real(*args, **kwargs)

        def cast():
            try:
                ballots.ballot_cast(
                    vote=vote,
                    organization=self.alpha,
                    actor=self.delegate,
                    choice="for",
                    signed=signed,
                )
            except BaseException as exc:  # noqa: BLE001 — reported below
                errors.append(exc)
            finally:
                connection.close()

        with mock.patch.object(ledger, "append", append):
            threads = [threading.Thread(target=cast) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(len(errors), 1, errors)
        self.assertIsInstance(errors[0], ValidationError)
        self.assertIn("already cast", str(errors[0]))
        self.assertEqual(vote.entries.filter(kind="ballot").count(), 1)
        vote.refresh_from_db()
        self.assertEqual(ledger.verify(vote).problems, [])
