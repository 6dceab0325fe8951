"""What the API tests share: calling as a member of the cast, a snapshot of the database, and
the permission matrix of caucus/test.py (ApiMatrix) watching the models a request could change."""

import io
import json
import shutil
import tempfile
from typing import Any

from django.test import override_settings
from PIL import Image

from caucus.audit.models import AuditEntry
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, PlatformVersion
from caucus.organizations.models import Body, Invitation, Membership, Organization
from caucus.test import ApiMatrix, BaseTestCase, Client

DOMAIN_MODELS = [
    Organization,
    Membership,
    Invitation,
    Body,
    Coalition,
    CoalitionMembership,
    Coordinator,
    PlatformVersion,
    AuditEntry,
]


def db_state() -> dict[str, list[dict]]:
    """Every row a request could change; compare two to prove a refusal changed nothing."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in DOMAIN_MODELS}


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


class ApiTestCase(ApiMatrix, BaseTestCase):
    watched = [f"{m._meta.app_label}.{m.__name__}" for m in DOMAIN_MODELS]

    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp(prefix="caucus-api-media-")  # uploaded logos land here
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issue_tokens()  # one per person of the cast

    def as_(self, actor: str, via: str = "session") -> Client:
        """A client acting as `actor` ("anonymous" or a member of the cast)."""
        if via == "token" and actor != "anonymous":
            return Client(headers={"Authorization": f"Bearer {self.secrets[actor]}"})
        client = Client()
        if actor != "anonymous":
            client.force_login(getattr(self, actor))
        return client

    def call(self, client: Client, method: str, path: str, body: Any = None):
        data = json.dumps(body) if body is not None and not isinstance(body, str) else body
        return getattr(client, method)("/api/v1" + path, data=data, content_type="application/json")

    def assertRefused(self, response, status: int, before: dict) -> None:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertIsInstance(body["detail"], str)  # the one shape of errors.py
        self.assertIsInstance(body["errors"], list)
        self.assertEqual(db_state(), before)

    def assertInvalid(self, response, before: dict) -> dict[str, list[str]]:
        """422 with field messages, nothing changed; returns {field: [messages]}."""
        self.assertRefused(response, 422, before)
        fields: dict[str, list[str]] = {}
        for error in response.json()["errors"]:
            fields.setdefault(".".join(str(p) for p in error["loc"][1:]), []).append(error["msg"])
        return fields

    def assertConflict(self, response, before: dict) -> str:
        """409: the object's state refuses the request as a whole; returns the message."""
        self.assertRefused(response, 409, before)
        return response.json()["detail"]
