"""/media/ serves logos, header images and event photos, and nothing else however the path
is spelled (audit #7: `/media/logos/%2e%2e/cases/<file>` served a protected case's photo)."""

import os
import shutil
import tempfile

from django.test import SimpleTestCase, override_settings

PHOTO = "cases/12c9f688128f4d638551aaf30e8980ed.jpg"
LOGO = "logos/alpha.png"
HEADER = "headers/3f1c9d2e8b7a4c5d9e0f1a2b3c4d5e6f.webp"
EVENT = "events/0f7d6c3e-0000-4000-8000-000000000001/report.jpg"

TRAVERSALS = [
    "/media/logos/%2e%2e/" + PHOTO,
    "/media/logos/%2E%2E/" + PHOTO,
    "/media/logos/%252e%252e/" + PHOTO,
    "/media/logos/%25252e%25252e/" + PHOTO,
    "/media/logos/..%2f" + PHOTO,
    "/media/logos/..%252f" + PHOTO,
    "/media/logos%2f..%2f" + PHOTO,
    "/media/events/..%2f" + PHOTO,
    "/media/events/%2f..%2f" + PHOTO,
    "/media/headers/%2e%2e/" + PHOTO,
    "/media/headers/..%2f" + PHOTO,
    "/media/headers/",
    "/media/logos/%2f../" + PHOTO,
    "/media/logos/..%5c" + PHOTO.replace("/", "%5c"),
    "/media/logos/..\\" + PHOTO,
    "/media/logos//" + PHOTO,
    "/media/logos/%2f" + PHOTO,
    "/media/logos/./../" + PHOTO,
    "/media/logos/%2e/alpha.png",
    "/media/logos//alpha.png",
    "/media/logos/alpha.png%00",
    "/media/logos/alpha.png%2500",
    "/media//" + PHOTO,
    "/media/" + PHOTO,
    "/media/logos/",
    "/media/logos/link.jpg",  # a symlink out of the folder
]


class PublicMediaTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        root = tempfile.mkdtemp(prefix="caucus-media-")
        cls.addClassCleanup(shutil.rmtree, root, ignore_errors=True)
        files = [(PHOTO, b"secret-photo"), (LOGO, b"logo"), (HEADER, b"header"), (EVENT, b"event")]
        for name, content in files:
            os.makedirs(os.path.join(root, os.path.dirname(name)), exist_ok=True)
            with open(os.path.join(root, name), "wb") as file:
                file.write(content)
        os.symlink(os.path.join(root, PHOTO), os.path.join(root, "logos", "link.jpg"))
        cls.enterClassContext(override_settings(MEDIA_ROOT=root))

    def test_logos_headers_and_event_photos_load(self):
        for name, content in [(LOGO, b"logo"), (HEADER, b"header"), (EVENT, b"event")]:
            response = self.client.get("/media/" + name)
            self.assertEqual(response.status_code, 200, name)
            self.assertEqual(b"".join(response.streaming_content), content)

    def test_no_spelling_of_a_path_reaches_another_folder(self):
        for url in TRAVERSALS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                self.assertNotIn(b"secret-photo", body)
