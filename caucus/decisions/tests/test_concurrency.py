"""Two delegates of one organization voting at the same instant: both land, in order, no fork."""

import threading
import unittest

from django.db import connection
from django.test import TransactionTestCase

from caucus.decisions import ledger
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import open_vote
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
