"""Case photos live in the private storage, never beside the public files (issue "Trust",
part 5: with S3_BUCKET they sat in the publicly readable bucket, one file name away).

What can be checked without S3: the photo field's storage, where an upload lands, the settings
S3_BUCKET produces, and migration 0005 moving the photos stored before it.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from caucus.lib.storage import PrivateFileSystemStorage, private_storage
from caucus.solidarity.models import CaseRecord
from caucus.solidarity.tests.base import PHOTO, CaseTestCase

STORAGES_OF = "import json, caucus.settings as s; print(json.dumps(s.STORAGES, default=str))"


def storages_with(**env: str) -> dict:
    """settings.STORAGES as a fresh process computes it from this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_ROOT"))}
    clean.pop("PRIVATE_MEDIA_ROOT", None)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", STORAGES_OF],
        env=clean | env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(out.stdout)


class PhotoFieldTestCase(SimpleTestCase):
    def test_the_photo_field_uses_the_private_storage(self):
        storage = CaseRecord._meta.get_field("photo").storage
        self.assertIsInstance(storage, PrivateFileSystemStorage)
        self.assertEqual(storage.path("cases/x.png"), private_storage().path("cases/x.png"))
        self.assertNotEqual(storage.path("cases/x.png"), default_storage.path("cases/x.png"))

    def test_a_private_file_has_no_url(self):
        with self.assertRaisesMessage(ValueError, "no URL"):
            private_storage().url("cases/x.png")


class SettingsTestCase(SimpleTestCase):
    def test_with_s3_case_photos_go_to_their_own_bucket_without_public_urls(self):
        found = storages_with(S3_BUCKET="caucus-public", S3_PRIVATE_BUCKET="caucus-private")
        public, private = found["default"], found["private"]
        self.assertEqual(public["OPTIONS"]["bucket_name"], "caucus-public")
        self.assertFalse(public["OPTIONS"]["querystring_auth"])
        self.assertEqual(private["BACKEND"], "storages.backends.s3.S3Storage")
        self.assertEqual(private["OPTIONS"]["bucket_name"], "caucus-private")
        self.assertEqual(private["OPTIONS"]["location"], "private")
        self.assertTrue(private["OPTIONS"]["querystring_auth"])  # never an unsigned URL

    def test_without_s3_they_stay_in_a_folder_outside_media_root(self):
        with tempfile.TemporaryDirectory() as var:
            found = storages_with(CAUCUS_VAR_DIR=var)
        self.assertEqual(found["private"]["BACKEND"], "caucus.lib.storage.PrivateFileSystemStorage")
        self.assertEqual(found["default"]["BACKEND"], "django.core.files.storage.FileSystemStorage")


class UploadTestCase(CaseTestCase):
    def test_an_uploaded_photo_lands_in_the_private_folder_and_is_served_by_the_view(self):
        with tempfile.TemporaryDirectory() as media, tempfile.TemporaryDirectory() as private:
            with override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private):
                record = self.open_case.record
                record.photo.save("portrait.png", ContentFile(b"PNG bytes"))
                self.assertTrue((Path(private) / record.photo.name).is_file())
                self.assertEqual(list(Path(media).rglob("*")), [])
                response = self.client.get(f"/cases/{self.open_case.slug}/photo/")
                self.assertEqual(b"".join(response.streaming_content), b"PNG bytes")
                self.assertEqual(self.client.get(f"/media/{record.photo.name}").status_code, 404)


class EditFormTestCase(CaseTestCase):
    """The edit form shows the stored photo through the view that checks access, not a URL of
    the storage (it has none), and can still keep or clear it."""

    EDIT = "/coalitions/united/cases/a-y/edit/"

    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **extra):
        from caucus.solidarity.tests.test_audit_findings import edit_data

        return self.client.post(self.EDIT, edit_data(**extra))

    def test_it_links_the_photo_to_the_private_view(self):
        page = self.client.get(self.EDIT)
        self.assertContains(page, 'href="/coalitions/united/cases/a-y/photo/"')
        self.assertContains(page, "photo-clear")
        self.assertNotContains(page, "/media/")

    def test_a_save_without_upload_keeps_the_photo_and_clear_removes_it(self):
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(CaseRecord.objects.get(case=self.protected).photo.name, PHOTO)
        self.assertEqual(self.post(**{"photo-clear": "on"}).status_code, 302)
        self.assertEqual(CaseRecord.objects.get(case=self.protected).photo.name, "")


class MovePhotosMigrationTestCase(TransactionTestCase):
    """0005 moves the photos stored in the default storage before it, and back."""

    before, after = (
        [("solidarity", "0004_case_translations")],
        [("solidarity", "0005_case_photos_private")],
    )

    def setUp(self):
        self.media, self.private = tempfile.mkdtemp(), tempfile.mkdtemp()
        paths = override_settings(MEDIA_ROOT=self.media, PRIVATE_MEDIA_ROOT=self.private)
        paths.enable()
        self.addCleanup(paths.disable)

    def migrate(self, target) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("solidarity"))

    def test_it_moves_existing_photos_to_the_private_storage_and_back(self):
        from caucus.coalitions.models import Coalition
        from caucus.solidarity.models import Case

        coalition = Coalition.objects.create(slug="c", name="C")
        case = Case.objects.create(coalition=coalition, slug="p", display_name="P", country="TR")
        CaseRecord.objects.create(case=case, photo="cases/p.png")
        self.migrate(self.before)
        default_storage.save("cases/p.png", ContentFile(b"photo"))
        self.assertFalse(private_storage().exists("cases/p.png"))
        self.migrate(self.after)
        self.assertFalse(default_storage.exists("cases/p.png"))
        self.assertEqual(private_storage().open("cases/p.png").read(), b"photo")
        self.assertEqual(CaseRecord.objects.get().photo.read(), b"photo")
        self.migrate(self.before)
        self.assertEqual(default_storage.open("cases/p.png").read(), b"photo")
        self.assertFalse(private_storage().exists("cases/p.png"))


class PrivateFolderTestCase(SimpleTestCase):
    def test_the_folder_follows_the_setting(self):
        storage = PrivateFileSystemStorage()
        with override_settings(PRIVATE_MEDIA_ROOT="/srv/a"):
            self.assertEqual(storage.location, "/srv/a")
        with override_settings(PRIVATE_MEDIA_ROOT="/srv/b"):
            self.assertEqual(storage.location, "/srv/b")
