"""Report photos through the API: multipart upload with the web's checks (type, size, pixels)
and metadata stripped, listed in the event's report, removed by the organizers only."""

import io
from unittest import mock

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from PIL import Image

from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.campaigns import services
from caucus.campaigns.models import EventPhoto
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.campaigns.tests.test_report import jpeg_with_gps
from caucus.lib.urls import absolute_url
from caucus.test import OK, expect

WATCHED = ["campaigns.Event", "campaigns.EventPhoto", "audit.AuditEntry"]
# The event is alpha's: its people with a second factor, and the coalition's coordinator.
ORGANIZERS = expect(403, anonymous=401, delegate=OK, editor=OK, org_admin=OK, coordinator=OK)


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def upload(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


class PhotoApiTestCase(ApiTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha)
        cls.path = f"/api/v1/events/{cls.event.uid}/photos"

    def post(self, actor: str, data: dict, via: str = "session"):
        return self.as_(actor, via).post(self.path, data)

    def invalid(self, data: dict) -> dict[str, list[str]]:
        before = snapshot()
        response = self.post("delegate", data)
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(snapshot(), before)
        fields: dict[str, list[str]] = {}
        for error in response.json()["errors"]:
            fields.setdefault(".".join(str(p) for p in error["loc"][1:]), []).append(error["msg"])
        return fields

    def test_it_strips_the_metadata_and_lists_the_photo_in_the_report(self):
        original = jpeg_with_gps()
        self.assertIn(b"SecretCam", original)
        response = self.post(
            "delegate", {"photo": upload("p.jpg", original), "caption": "The square"}, "token"
        )
        self.assertEqual(response.status_code, 201, response.content)
        made = response.json()
        self.assertEqual(made["caption"], "The square")
        self.assertIn(f"/media/events/{self.event.uid}/", made["url"])
        self.assertTrue(made["url"].startswith(absolute_url("/media/")))
        photo = EventPhoto.objects.get()
        stored = photo.image.read()
        self.assertNotIn(b"SecretCam", stored)
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual(dict(image.getexif()), {})
        report = self.call(self.as_("anonymous"), "get", f"/events/{self.event.uid}").json()
        self.assertEqual(
            report["photos"],
            [
                {
                    "id": photo.pk,
                    "url": made["url"],
                    "caption": "The square",
                    "created": made["created"],
                }
            ],
        )
        logged = AuditEntry.objects.filter(action="event.reported", actor=self.delegate)
        self.assertEqual(logged.count(), 1)

    def test_who_may_add_a_photo(self):
        def photo() -> dict:
            return {"photo": upload("p.jpg", jpeg_with_gps())}  # a fresh file for each role

        path = self.path.removeprefix(self.prefix)
        self.check_api("post", path, ORGANIZERS, photo, multipart=True, allowed=201)

    def test_it_refuses_what_the_web_form_refuses_and_changes_nothing(self):
        gif = io.BytesIO()
        Image.new("RGB", (4, 4)).save(gif, "GIF")
        self.assertIn("photo", self.invalid({"photo": upload("p.jpg", b"not an image")}))
        self.assertIn("photo", self.invalid({"photo": upload("p.gif", gif.getvalue())}))
        self.assertIn("photo", self.invalid({"photo": upload("p.png", b"")}))
        self.assertIn("photo", self.invalid({"caption": "No photo"}))
        long = {"photo": upload("p.jpg", jpeg_with_gps()), "caption": "x" * 201}
        self.assertIn("caption", self.invalid(long))
        with mock.patch.object(services, "PHOTO_MAX_BYTES", 100):
            fields = self.invalid({"photo": upload("p.jpg", jpeg_with_gps())})
        self.assertIn("too large", fields["photo"][0])
        with mock.patch("caucus.lib.images.MAX_PIXELS", 10):
            self.assertIn("photo", self.invalid({"photo": upload("p.jpg", jpeg_with_gps())}))

    def test_a_report_holds_a_bounded_number_of_photos(self):
        with mock.patch.object(services, "PHOTOS_MAX", 1):
            self.assertEqual(
                self.post("delegate", {"photo": upload("a.jpg", jpeg_with_gps())}).status_code, 201
            )
            fields = self.invalid({"photo": upload("b.jpg", jpeg_with_gps())})
        self.assertIn("at most 1 photos", fields["photo"][0])

    def test_the_organizers_remove_a_photo_and_its_file(self):
        self.post("delegate", {"photo": upload("p.jpg", jpeg_with_gps())})
        photo = EventPhoto.objects.get()
        name = photo.image.name
        path = f"{self.path}/{photo.pk}"
        self.check_api("delete", path.removeprefix(self.prefix), ORGANIZERS)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.as_("editor").delete(path).status_code, 204)
        self.assertFalse(EventPhoto.objects.exists())
        self.assertFalse(photo.image.storage.exists(name))
        self.assertEqual(self.as_("editor").delete(path).status_code, 404)
        other = make_event(self.campaign, self.gamma, title="Other")
        self.assertEqual(
            self.as_("delegate").delete(f"/api/v1/events/{other.uid}/photos/1").status_code, 403
        )


class PhotoFuzzTestCase(ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(make_campaign(cls.coalition), cls.alpha)

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        st.binary(max_size=256),
        st.text(max_size=300),
        st.sampled_from(["p.jpg", "p.png", "", "x" * 300, "../../etc/passwd"]),
    )
    def test_any_upload_is_a_photo_or_a_field_error(self, content, caption, name):
        before = snapshot()
        data = {"caption": caption}
        if name:
            data["photo"] = upload(name, content)
        response = self.as_("delegate", "token").post(
            f"/api/v1/events/{self.event.uid}/photos", data
        )
        self.assertIn(response.status_code, (201, 422), response.content)
        if response.status_code == 422:
            self.assertEqual(snapshot(), before)
            for error in response.json()["errors"]:
                self.assertEqual(error["loc"][0], "body")
