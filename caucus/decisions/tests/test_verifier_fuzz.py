"""The members' verifier on a ledger someone tampered with in any shape: a clear FAIL naming
what is wrong, never a traceback (a member reading one learns nothing about the ledger)."""

import contextlib
import copy
import io
import json
import tempfile
from pathlib import Path

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from caucus.decisions import offline

FIXTURES = Path(__file__).parent / "fixtures"
LEDGERS = json.loads((FIXTURES / "ledgers-format-1.json").read_text(encoding="utf-8"))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
# The fields every entry has; a change to any of them must be seen.
HASHED = ["height", "parent_hash", "kind", "payload", "payload_hash", "entry_hash", "signature"]


def run_main(data) -> tuple[int, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = offline.tool().main([handle.name])
    return status, out.getvalue()


class MalformedLedgerTestCase(SimpleTestCase):
    def test_the_untouched_ledgers_verify(self):
        for name, ledger in LEDGERS.items():
            with self.subTest(name=name):
                self.assertEqual(run_main(ledger)[0], 0)

    @settings(max_examples=150, deadline=None)
    @given(
        st.sampled_from(sorted(LEDGERS)),
        st.integers(min_value=0, max_value=50),
        st.sampled_from(HASHED),
        JSON,
    )
    def test_any_value_in_any_field_is_a_fail_never_a_crash(self, name, at, field, value):
        ledger = copy.deepcopy(LEDGERS[name])
        entry = ledger["entries"][at % len(ledger["entries"])]
        if entry.get(field) == value and type(entry.get(field)) is type(value):
            return
        entry[field] = value
        status, out = run_main(ledger)
        self.assertEqual(status, 1, out)
        self.assertIn("RESULT: FAIL", out)

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(sorted(LEDGERS)), st.sampled_from(["format", "vote", "head"]), JSON)
    def test_any_value_at_the_top_never_crashes(self, name, field, value):
        ledger = copy.deepcopy(LEDGERS[name])
        ledger[field] = value
        status, out = run_main(ledger)
        self.assertIn(status, (0, 1), out)
        self.assertIn("RESULT:", out)

    def test_a_misshapen_entry_is_named(self):
        ledger = copy.deepcopy(LEDGERS["open"])
        ledger["entries"][0]["payload"] = 5
        status, out = run_main(ledger)
        self.assertEqual(status, 1)
        self.assertIn("entry number 0: its payload is not what a ledger holds there (int)", out)
