"""manage.py backup and restore on the suite's own database (SQLite or PostgreSQL).

The data is committed (TransactionTestCase) because pg_dump and SQLite's backup read what is
committed; files and keys go to a temporary MEDIA_ROOT, PRIVATE_MEDIA_ROOT and VAR_DIR.
"""

import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.accounts.models import User
from caucus.lib.storage import private_storage
from caucus.ops import sealing
from caucus.ops.tests.snapshot import snapshot
from caucus.organizations.models import Organization
from caucus.public.models import Kind, Publication
from caucus.signatures import services
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import make_statement
from caucus.test import make_org, make_user

PASSPHRASE = "a long enough passphrase"


@mock.patch.object(sealing, "N_LOG2", 12)  # cheap scrypt for tests; the header records it
class BackupRestoreTestCase(TransactionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        (self.tmp / "var").mkdir()
        settings = override_settings(
            MEDIA_ROOT=self.tmp / "media",
            PRIVATE_MEDIA_ROOT=self.tmp / "private",
            VAR_DIR=self.tmp / "var",
        )
        settings.enable()
        self.addCleanup(settings.disable)
        make_user("alice@example.org", "Alice Admin")
        alpha = make_org("alpha", "TR")
        statement = make_statement(organization=alpha)
        services.individual_sign(statement=statement, name="Ana", email="ana@example.net")
        default_storage.save("logos/alpha.png", ContentFile(b"\x89PNG fake logo"))
        private_storage().save("cases/ana.jpg", ContentFile(b"JFIF case photo"))
        self.before = snapshot()

    def backup(self, name: str = "backup.tar", **options) -> Path:
        path = self.tmp / name
        call_command("backup", output=str(path), stdout=io.StringIO(), **options)
        return path

    def restore(self, path: Path, **options) -> str:
        out = io.StringIO()
        call_command("restore", str(path), stdout=out, **options)
        return out.getvalue()

    def lose_everything(self) -> None:
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(self.tmp / "media")
        shutil.rmtree(self.tmp / "private")

    def rewrite(self, path: Path, change) -> None:
        """Rebuild the tar with change(name, bytes) -> bytes applied to each member."""
        with tarfile.open(path) as tar:
            members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
        with tarfile.open(path, "w") as tar:
            for member, data in members:
                data = change(member.name, data)
                member.size = len(data)
                tar.addfile(member, io.BytesIO(data))

    def test_it_restores_every_row_and_file_after_a_loss(self):
        archive = self.backup()
        self.lose_everything()
        self.assertEqual(User.objects.count(), 0)
        output = self.restore(archive)
        self.assertIn("Restored", output)
        self.assertEqual(snapshot(), self.before)
        self.assertEqual(Signature.objects.get().email, "ana@example.net")  # decrypts
        self.assertEqual(default_storage.open("logos/alpha.png").read(), b"\x89PNG fake logo")
        self.assertEqual(private_storage().open("cases/ana.jpg").read(), b"JFIF case photo")
        self.assertFalse(default_storage.exists("cases/ana.jpg"))

    def test_case_photos_from_before_the_private_storage_go_back_to_it(self):
        """Archives from before solidarity's 0005 hold case photos under media/cases/."""
        default_storage.save("cases/old.jpg", ContentFile(b"JFIF old photo"))
        with tarfile.open(self.backup()) as tar:
            self.assertIn("media/cases/old.jpg", tar.getnames())
            self.assertIn("private/cases/ana.jpg", tar.getnames())
        self.lose_everything()
        self.restore(self.tmp / "backup.tar")
        self.assertEqual(private_storage().open("cases/old.jpg").read(), b"JFIF old photo")
        self.assertFalse(default_storage.exists("cases/old.jpg"))

    def test_the_archive_keeps_encrypted_emails_encrypted(self):
        with tarfile.open(self.backup()) as tar:
            names = tar.getnames()
            rows = tar.extractfile("data/signatures_signature.jsonl").read().decode()
            manifest = json.load(tar.extractfile("manifest.json"))
        self.assertNotIn("ana@example.net", rows)
        self.assertEqual(names[0], "manifest.json")
        self.assertIn(manifest["native_dump"], names)
        self.assertEqual(manifest["tables"]["signatures_signature"], 1)
        self.assertIn("0001_counters", manifest["migrations"]["ops"])
        self.assertFalse(manifest["keys_included"])
        self.assertNotIn("keys.json", names)

    def test_without_the_engine_dump_the_portable_tables_still_restore(self):
        archive = self.backup(no_native_dump=True)
        with tarfile.open(archive) as tar:
            self.assertFalse([name for name in tar.getnames() if name.startswith("database/")])
        self.lose_everything()
        self.restore(archive)
        self.assertEqual(snapshot(), self.before)

    def test_it_refuses_a_database_that_holds_data(self):
        archive = self.backup()
        make_org("beta", "AR")
        with self.assertRaisesMessage(CommandError, "not empty"):
            self.restore(archive)
        self.assertTrue(Organization.objects.filter(slug="beta").exists())

    def test_force_replaces_what_is_there(self):
        archive = self.backup()
        make_org("beta", "AR")
        self.restore(archive, force=True)
        self.assertFalse(Organization.objects.filter(slug="beta").exists())
        self.assertEqual(snapshot(), self.before)

    def test_it_refuses_an_altered_archive(self):
        archive = self.backup()

        def rename_alpha(name: str, data: bytes) -> bytes:
            if name != "data/organizations_organization.jsonl":
                return data
            self.assertIn(b"Alpha Union", data)
            return data.replace(b"Alpha Union", b"Omega Union")

        self.rewrite(archive, rename_alpha)
        self.lose_everything()
        with self.assertRaisesMessage(CommandError, "does not match its checksum"):
            self.restore(archive)
        self.assertEqual(Organization.objects.count(), 0)

    def test_an_archive_from_older_code_is_loaded_then_migrated_forward(self):
        """public.0003 added Publication.listed (NOT NULL): rows from before it only load into
        the schema they came from, and get the column when the migration runs after them."""
        self.addCleanup(call_command, "migrate", verbosity=0)  # whatever happens below
        Publication.objects.get_or_create(
            kind=Kind.STATEMENT,
            object_id=1,
            defaults={"url": "/s/x/", "title": "X", "published_at": timezone.now()},
        )
        self.before = snapshot()
        call_command("migrate", "public", "0002", verbosity=0)  # code from before 0003
        archive = self.backup()
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        self.assertNotIn("0003_listed", manifest["migrations"]["public"])
        call_command("migrate", verbosity=0)  # today's code
        self.lose_everything()
        self.restore(archive)
        self.assertEqual(snapshot(), self.before)
        self.assertTrue(Publication.objects.filter(listed=True).exists())

    def test_it_refuses_an_archive_from_newer_code(self):
        def add_migration(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["migrations"]["ops"].append("9999_from_the_future")
            return json.dumps(manifest).encode()

        archive = self.backup()
        self.rewrite(archive, add_migration)
        self.lose_everything()
        with self.assertRaisesMessage(CommandError, "ops.9999_from_the_future"):
            self.restore(archive)
        self.assertEqual(Organization.objects.count(), 0)

    def test_without_keys_it_refuses_an_instance_with_other_keys(self):
        def other_field_key(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["key_fingerprints"]["FIELD_KEYS"] = {"k1": "0" * 16}
            return json.dumps(manifest).encode()

        archive = self.backup()
        self.rewrite(archive, other_field_key)
        self.lose_everything()
        with self.assertRaisesMessage(CommandError, "FIELD_KEYS differ"):
            self.restore(archive)
        self.assertIn("emails will not decrypt", self.restore(archive, allow_other_keys=True))

    def test_include_keys_needs_a_passphrase(self):
        with mock.patch("sys.stdin") as stdin, mock.patch.dict(os.environ, clear=False) as env:
            stdin.isatty.return_value = False
            env.pop("CAUCUS_BACKUP_PASSPHRASE", None)
            with self.assertRaisesMessage(CommandError, "a passphrase is needed"):
                self.backup(include_keys=True)
        (self.tmp / "short").write_text("too short")
        with self.assertRaisesMessage(CommandError, "at least 12"):
            self.backup(include_keys=True, passphrase_file=str(self.tmp / "short"))
        self.assertFalse((self.tmp / "backup.tar").exists())

    def test_an_archive_with_keys_is_sealed_and_installs_them(self):
        (self.tmp / "pass").write_text(PASSPHRASE + "\n")
        (self.tmp / "wrong").write_text(PASSPHRASE + "!\n")
        passphrase_file = str(self.tmp / "pass")
        archive = self.backup("x.tar.enc", include_keys=True, passphrase_file=passphrase_file)
        self.assertTrue(sealing.is_sealed(archive))
        self.assertNotIn(b"manifest.json", archive.read_bytes())
        self.lose_everything()
        with self.assertRaisesMessage(CommandError, "wrong passphrase"):
            self.restore(archive, passphrase_file=str(self.tmp / "wrong"))
        self.assertEqual(Organization.objects.count(), 0)
        output = self.restore(archive, passphrase_file=str(self.tmp / "pass"))
        self.assertEqual(snapshot(), self.before)
        env_file = self.tmp / "var" / "restored-keys.env"
        self.assertIn("wrote every key", output)
        self.assertEqual(oct(env_file.stat().st_mode & 0o777), "0o600")
        names = [line.partition("=")[0] for line in env_file.read_text().splitlines()]
        self.assertEqual(
            names, ["SECRET_KEY", "FIELD_KEYS", "BLIND_INDEX_KEY", "LEDGER_SIGNING_KEY"]
        )
        self.assertTrue((self.tmp / "var" / "field_key_k1").exists())

    def test_retired_ledger_keys_travel_with_the_keys(self):
        # A vote opened before a rotation closes with the key its manifest names.
        retired = self.tmp / "var" / "ledger_keys"
        retired.mkdir()
        (retired / "0123456789abcdef").write_text("ab" * 32)
        (self.tmp / "pass").write_text(PASSPHRASE)
        archive = self.backup(include_keys=True, passphrase_file=str(self.tmp / "pass"))
        self.lose_everything()
        shutil.rmtree(retired)
        output = self.restore(archive, passphrase_file=str(self.tmp / "pass"))
        self.assertIn("retired ledger key", output)
        restored = retired / "0123456789abcdef"
        self.assertEqual(restored.read_text(), "ab" * 32)
        self.assertEqual(oct(restored.stat().st_mode & 0o777), "0o600")

    def test_archive_keys_that_the_environment_overrides_are_refused(self):
        (self.tmp / "pass").write_text(PASSPHRASE)
        archive = self.backup(include_keys=True, passphrase_file=str(self.tmp / "pass"))
        self.lose_everything()
        other = "k1:" + "Q" * 43 + "="
        with override_settings(FIELD_KEYS=other):
            with self.assertRaisesMessage(CommandError, "FIELD_KEYS is set in the environment"):
                self.restore(archive, passphrase_file=str(self.tmp / "pass"))
        self.assertEqual(Organization.objects.count(), 0)
