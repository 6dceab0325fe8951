"""The members' own tools, tools/caucus_verify.py and tools/caucus_ballot.py: each is one file
that runs from any folder with Python and `cryptography` alone, on what a member downloaded."""

import ast
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from caucus.decisions import keys, ledger
from caucus.decisions.disclosure import export, own_receipt, receipt
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import ballot_key, cast_signed, expire, open_vote
from caucus.test import BaseTestCase

TOOLS = Path(settings.BASE_DIR) / "tools"
FIXTURES = Path(__file__).parent / "fixtures"
STDLIB = set(sys.stdlib_module_names)


class Folder:
    """Each test runs the tools copied into a temporary folder, away from the project."""

    def setUp(self):
        super().setUp()
        self.dir = Path(tempfile.mkdtemp())
        for name in ("caucus_verify.py", "caucus_ballot.py"):
            shutil.copy(TOOLS / name, self.dir / name)

    def tearDown(self):
        shutil.rmtree(self.dir)
        super().tearDown()

    def write(self, name: str, data) -> str:
        path = self.dir / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return name

    def run_tool(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        # -I: isolated, no PYTHONPATH, no current folder on the path (nothing of the project)
        return subprocess.run(  # noqa: S603 — our own tools, with arguments we choose
            [sys.executable, "-I", *args],
            cwd=self.dir,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=60,
            check=False,
        )


class StandaloneTestCase(Folder, BaseTestCase):
    def test_the_tools_import_only_the_standard_library_and_cryptography(self):
        for name in ("caucus_verify.py", "caucus_ballot.py"):
            tree = ast.parse((TOOLS / name).read_text())
            imported = {
                (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names
            }
            with self.subTest(tool=name):
                self.assertLessEqual(imported - STDLIB, {"cryptography"})

    def test_format_1_ledgers_still_verify_and_a_changed_one_does_not(self):
        ledgers = json.loads((FIXTURES / "ledgers-format-1.json").read_text())
        for name, data in ledgers.items():
            with self.subTest(ledger=name):
                path = self.write(f"{name}.json", data)
                run = self.run_tool("caucus_verify.py", path, "--key", data["public_key"])
                self.assertEqual(run.returncode, 0, run.stdout)
                self.assertIn("RESULT: OK", run.stdout)
        data = ledgers["closed_recorded"]
        data["entries"][2]["payload"] = data["entries"][2]["payload"].replace("for", "against")
        run = self.run_tool("caucus_verify.py", self.write("changed.json", data))
        self.assertEqual(run.returncode, 1)
        self.assertIn(
            "FAIL    entry at height 2 (ballot): the payload does not match its hash", run.stdout
        )

    def test_a_genuine_signed_ledger_a_receipt_and_saved_heads_verify(self):
        alpha_key = ballot_key(self.alpha, self.delegate)
        vote = open_vote(self)
        mine = cast_signed(vote, self.alpha, self.delegate, "for", alpha_key)
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="against"
        )
        feed = self.client.get("/c/united/ledger-heads/atom/").content.decode()  # saved
        kept = receipt(vote, own_receipt(vote, mine.entry_hash, [self.alpha]))
        expire(vote)
        self.client.force_login(self.gamma_admin)
        download = self.client.get(vote.get_absolute_url() + "ledger.json").json()
        self.assertEqual(download["format"], "caucus-ledger/2")
        run = self.run_tool(
            "caucus_verify.py",
            self.write("ledger.json", download),
            "--key",
            keys.public_key_hex(),
            "--head",
            mine.entry_hash,
            "--heads",
            self.write("feed.atom", feed),
            "--receipt",
            self.write("receipt.json", kept),
        )
        self.assertEqual(run.returncode, 0, run.stdout)
        self.assertIn("ballots counted: 1 signed by their organization, 1 attested", run.stdout)
        self.assertIn("result: recounted from 2 last ballots: rejected", run.stdout)
        self.assertIn("receipt receipt.json: the ballot at height 1 is in the chain", run.stdout)
        self.assertIn("heads: 4 saved earlier checked against the chain", run.stdout)

    def test_heads_from_saved_federation_notes_verify_and_a_missing_one_is_named(self):
        """The feed keeps the last 50 heads of a coalition; the coalition's Notes (one per
        head, kept by every server that received them) are the other place to save them."""
        vote = open_vote(self)
        first = ballots.ballot_cast(
            vote=vote, organization=self.alpha, actor=self.delegate, choice="for"
        )
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        notes = [
            self.client.get(
                f"/ap/objects/head/{post.pk}", headers={"accept": "application/activity+json"}
            ).json()
            for post in vote.head_posts.order_by("height")
        ]
        self.assertEqual([n["type"] for n in notes], ["Note"] * 3)
        saved = {
            "type": "OrderedCollectionPage",
            "orderedItems": [{"type": "Create", "object": note} for note in notes],
        }
        self.client.force_login(self.gamma_admin)
        download = self.client.get(vote.get_absolute_url() + "ledger.json").json()
        ledger_file = self.write("ledger.json", download)
        for name, data in (("notes.json", notes), ("note.json", notes[1]), ("page.json", saved)):
            with self.subTest(saved=name):
                run = self.run_tool(
                    "caucus_verify.py", ledger_file, "--heads", self.write(name, data)
                )
                self.assertEqual(run.returncode, 0, run.stdout)
                count = 1 if name == "note.json" else 3
                self.assertIn(f"heads: {count} saved earlier checked", run.stdout)
        # A ledger cut back to its opening: the Note of a later head tells.
        another_vote = str(vote.pk + 1000)
        other = {
            **notes[1],
            "attachment": [
                {**a, "value": another_vote} if a["name"] == "Vote" else a
                for a in notes[1]["attachment"]
            ],
        }
        tampered = dict(
            download, entries=download["entries"][:1], head=download["entries"][0]["entry_hash"]
        )
        tampered_file = self.write("tampered.json", tampered)
        run = self.run_tool(
            "caucus_verify.py", tampered_file, "--heads", self.write("n.json", notes)
        )
        self.assertEqual(run.returncode, 1)
        self.assertIn(f"FAIL    the head {first.entry_hash[:16]} (height 1) you saved", run.stdout)
        run = self.run_tool(
            "caucus_verify.py", tampered_file, "--heads", self.write("o.json", other)
        )
        self.assertEqual(run.returncode, 0)  # another vote's Note is left out
        self.assertNotIn("heads:", run.stdout)

    def test_a_receipt_signed_with_another_key_is_refused_with_exit_status_2(self):
        """The audit's G1, on the format-1 fixture: a "receipt" anyone signed with a key of
        their own is no evidence; the genuine ledger is not blamed."""
        data = json.loads((FIXTURES / "ledgers-format-1.json").read_text())["closed_recorded"]
        entry = next(e for e in data["entries"] if e["kind"] == "ballot")
        payload = json.dumps(
            {**json.loads(entry["payload"]), "choice": "against"},
            sort_keys=True,
            separators=(",", ":"),
        )
        digest = ledger.entry_hash(
            height=entry["height"],
            parent_hash=entry["parent_hash"],
            kind="ballot",
            payload_hash=ledger.sha256(payload),
        )
        fresh = Ed25519PrivateKey.generate()
        forged = {
            "format": "caucus-receipt/1",
            "vote": data["vote"],
            "fingerprint": data["fingerprint"],
            "public_key": keys.public_hex(fresh),
            "height": entry["height"],
            "parent_hash": entry["parent_hash"],
            "kind": "ballot",
            "payload": payload,
            "payload_hash": ledger.sha256(payload),
            "entry_hash": digest,
            "signature": fresh.sign(digest.encode()).hex(),
        }
        run = self.run_tool(
            "caucus_verify.py",
            self.write("ledger.json", data),
            "--key",
            data["public_key"],
            "--receipt",
            self.write("forged.json", forged),
        )
        self.assertEqual(run.returncode, 2, run.stdout)
        self.assertNotIn("FAIL", run.stdout)
        self.assertIn("REFUSED receipt forged.json: not signed by this instance", run.stdout)
        self.assertIn("RESULT: OK, but 1 of your receipts refused", run.stdout)

    def test_unreadable_input_is_exit_status_2(self):
        run = self.run_tool("caucus_verify.py", self.write("bad.json", "{nope"))
        self.assertEqual(run.returncode, 2)
        run = self.run_tool("caucus_verify.py", "missing.json")
        self.assertEqual(run.returncode, 2)

    def test_a_ledger_file_that_is_not_a_json_object_is_exit_status_2(self):
        heads = self.write("heads.txt", "a" * 64)
        for text in ("[]", '"ledger"', "3"):
            for extra in ((), ("--heads", heads)):
                with self.subTest(text=text, extra=extra):
                    run = self.run_tool("caucus_verify.py", self.write("l.json", text), *extra)
                    self.assertEqual(run.returncode, 2, run.stderr)
                    self.assertIn("FAIL cannot read the input: l.json is not a ledger", run.stdout)
                    self.assertEqual(run.stderr, "")

    def test_a_ledger_whose_entries_are_not_objects_fails_with_a_message(self):
        for entries in ([1], "abc", {"0": {}}):
            with self.subTest(entries=entries):
                ledger_file = self.write(
                    "l.json", {"format": "caucus-ledger/2", "entries": entries}
                )
                run = self.run_tool("caucus_verify.py", ledger_file)
                self.assertEqual(run.returncode, 1, run.stderr)
                self.assertIn("entries are not a list of entries", run.stdout)
                self.assertEqual(run.stderr, "")

    def test_the_ballot_tool_makes_a_key_and_signs_only_what_the_request_says(self):
        run = self.run_tool("caucus_ballot.py", "keygen", "--out", "k.pem")
        self.assertEqual(run.returncode, 0, run.stderr)
        public = run.stdout.split("public key: ")[1].split()[0]
        self.assertEqual(oct((self.dir / "k.pem").stat().st_mode & 0o777), "0o600")
        statement = json.dumps(
            {
                "choice_commitment": ledger.sha256('{"choice":"for","salt":"00"}'),
                "format": "caucus-ballot/1",
                "nonce": "aa",
                "org": "alpha",
                "time": "2031-01-01T00:00:00.000000Z",
                "vote": "f" * 64,
            },
            separators=(",", ":"),
            sort_keys=True,
        )
        request = {
            "format": "caucus-ballot-request/1",
            "statement": statement,
            "opening": {"choice": "for", "salt": "00"},
        }
        run = self.run_tool(
            "caucus_ballot.py", "sign", "--key", "k.pem", self.write("r.json", request)
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Choice:       for", run.stderr)
        signature = run.stdout.split("signature: ")[1].split()[0]
        self.assertTrue(keys.verify(public, statement.encode(), signature))
        lying = {**request, "opening": {"choice": "against", "salt": "00"}}
        run = self.run_tool(
            "caucus_ballot.py", "sign", "--key", "k.pem", self.write("l.json", lying)
        )
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("does not match the choice: do not sign it", run.stderr)

    def test_the_instance_serves_both_tools_and_its_key_history(self):
        for name in ("caucus_verify.py", "caucus_ballot.py"):
            response = self.client.get(f"/verify/{name}")
            self.assertEqual(b"".join(response.streaming_content), (TOOLS / name).read_bytes())
        self.assertEqual(self.client.get("/verify/settings.py").status_code, 404)
        open_vote(self)  # records the key in use
        history = self.client.get("/ledger-keys.json").json()["keys"]
        self.assertEqual([k["public_key"] for k in history], [keys.public_key_hex()])
        guide = self.client.get("/verify/")
        self.assertContains(guide, "Why keep your receipt?")
        self.assertContains(guide, keys.public_key_hex())


class ExportTestCase(BaseTestCase):
    def test_a_member_export_is_what_the_offline_verifier_reads(self):
        vote = open_vote(self)
        data = export(vote, [self.alpha])
        self.assertEqual(data["keys"][0]["public_key"], data["public_key"])
        self.assertEqual(data["key_id"], vote.manifest()["key_id"])
