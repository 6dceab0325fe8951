"""What the decisions API tests share: a meeting with minutes, actions, a draft motion and an
open vote in "united", and the same in a second coalition ("other", where beta is a member)
whose objects must stay out of reach (404) through "united"."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from caucus.api.tests.helpers import ApiTestCase
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.decisions.services import meetings, minutes, motions, plan
from caucus.decisions.tests.helpers import make_motion, open_vote
from caucus.test import OK, expect

# People of united's active member organizations (alpha, gamma) with a second factor.
MEMBERS = expect(
    403, anonymous=401, delegate=OK, editor=OK, org_admin=OK, coordinator=OK, gamma_admin=OK
)
COORDINATORS = expect(403, anonymous=401, coordinator=OK)


def decisions_models() -> list[str]:
    """Every model of decisions, and the audit log: a refusal must leave them as they were."""
    return [m._meta.label for m in apps.get_app_config("decisions").get_models()] + [
        "audit.AuditEntry"
    ]


def snapshot() -> dict:
    return {
        label: list(apps.get_model(label).objects.order_by("pk").values())
        for label in decisions_models()
    }


class DecisionsApiTestCase(ApiTestCase):
    watched = decisions_models()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.meeting = meetings.meeting_schedule(
            coalition=cls.coalition,
            actor=cls.coordinator,
            title="Assembly",
            starts=now + timedelta(days=7),
            ends=now + timedelta(days=7, hours=2),
            time_zone="Europe/Rome",
            place="Union hall",
            online_link="https://meet.example.org/assembly",
            invited=[cls.alpha, cls.gamma],
            agenda=["Opening", "Platform"],
        )
        cls.minutes = minutes.minutes_save(
            meeting=cls.meeting, actor=cls.coordinator, text="We *met*."
        )
        cls.action = plan.action_create(
            coalition=cls.coalition, actor=cls.coordinator, text="Print", responsible=[cls.alpha]
        )
        cls.gamma_action = plan.action_create(
            coalition=cls.coalition, actor=cls.coordinator, text="Call", responsible=[cls.gamma]
        )
        cls.draft = make_motion(cls, "Draft motion")
        cls.vote = open_vote(cls)
        # A second coalition, where beta (the outsider's organization) is a member.
        cls.other = Coalition.objects.create(slug="other", name="Other Coalition")
        CoalitionMembership.objects.create(
            coalition=cls.other,
            organization=cls.beta,
            status=MemberStatus.ACTIVE,
            invited_at=now,
            joined_at=now,
        )
        Coordinator.objects.create(coalition=cls.other, user=cls.outsider)
        cls.other_meeting = meetings.meeting_schedule(
            coalition=cls.other,
            actor=cls.outsider,
            title="Other assembly",
            starts=now + timedelta(days=3),
            ends=now + timedelta(days=3, hours=1),
            time_zone="UTC",
            invited=[cls.beta],
            agenda=["Secret item"],
        )
        cls.other_action = plan.action_create(
            coalition=cls.other, actor=cls.outsider, text="Secret", responsible=[cls.beta]
        )
        cls.other_motion = motions.motion_propose(
            coalition=cls.other,
            organization=cls.beta,
            actor=cls.outsider,
            title="Other motion",
            text="Secret",
        )

    @property
    def m(self) -> str:
        return f"/coalitions/united/meetings/{self.meeting.pk}"

    def matrix(self, method: str, path: str, body, expected: dict, **options) -> None:
        """Each role through the session and a token (caucus/test.py, ApiMatrix); everything
        rolled back after each. A refusal must change nothing and answer JSON; a write that
        succeeds changes data."""
        self.check_api(method, path, expected, body, **options)

    def invalid(
        self, actor: str, method: str, path: str, body, status: int = 422
    ) -> dict[str, list[str]]:
        """422 with field messages (409 for a refusal by the object's state) and nothing
        changed; returns {"field.sub": [messages]}."""
        before = snapshot()
        response = self.call(self.as_(actor), method, path, body)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(snapshot(), before)
        fields: dict[str, list[str]] = {}
        for error in response.json()["errors"]:
            fields.setdefault(".".join(str(p) for p in error["loc"][1:]), []).append(error["msg"])
        return fields

    def ok(self, actor: str, method: str, path: str, body=None, status: int = 200):
        response = self.call(self.as_(actor), method, path, body)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json() if response.content else None
