"""Key files in var/ (caucus/lib/keys.py): created once, private from the start, and the same
key for every process that asks at the same moment."""

import multiprocessing
import stat
import tempfile
import time
from pathlib import Path
from unittest import TestCase

from caucus.lib.keys import var_key

PROCESSES = 6


def _ask(path: str, barrier, results) -> None:
    def slow_generate() -> str:
        time.sleep(0.2)  # every process has found the file missing before any writes it
        return f"key-of-{multiprocessing.current_process().pid}"

    barrier.wait()
    results.put(var_key(Path(path), slow_generate))


class VarKeyTestCase(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.path = self.dir / "some_key"

    def test_processes_starting_at_once_all_get_the_one_key_that_won(self):
        context = multiprocessing.get_context("fork")
        barrier, results = context.Barrier(PROCESSES), context.Queue()
        workers = [
            context.Process(target=_ask, args=(str(self.path), barrier, results))
            for _ in range(PROCESSES)
        ]
        for worker in workers:
            worker.start()
        keys = [results.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        self.assertEqual(len(set(keys)), 1, keys)
        self.assertEqual(self.path.read_text(), keys[0])
        self.assertEqual([p.name for p in self.dir.iterdir()], ["some_key"])  # nothing aside

    def test_the_file_is_private_to_its_owner(self):
        var_key(self.path, lambda: "secret")
        self.assertEqual(stat.S_IMODE(self.path.stat().st_mode), 0o600)

    def test_an_existing_file_is_read_as_it_is(self):
        self.path.write_text("made-by-an-older-version\n")
        self.assertEqual(var_key(self.path, lambda: "new"), "made-by-an-older-version")
        self.assertEqual(self.path.read_text(), "made-by-an-older-version\n")
