"""An outside host's contact email: stored encrypted, read by the coordinators of that
campaign's coalition only (a button, each reading audit-logged), never shown to anyone else
on any page or API answer."""

from django.db import connection

from caucus.api.models import ApiToken
from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.campaigns import services
from caucus.campaigns.models import Approval
from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import Coalition, Coordinator
from caucus.test import LOGIN, OK, ROLES, expect, make_user

CONTACT = "friends.of.the.park@example.net"
WATCHED = ["campaigns.Event", "audit.AuditEntry"]
# Only the coordinators of the campaign's coalition; a coordinator of another coalition
# ("other_coordinator", added to the cast here) is refused like everyone else.
READERS = {**expect(403, anonymous=LOGIN, coordinator=OK), "other_coordinator": 403}
API_READERS = {**READERS, "anonymous": 401}


class HostContactTestCase(ApiTestCase):
    roles = [*ROLES, "other_coordinator"]
    watched = WATCHED
    via = "session"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.proposal = services.host_submit(
            campaign=cls.campaign,
            data={
                "host_name": "Friends of the Park",
                "host_contact": CONTACT,
                "host_message": "We bring a sound system.",
                "title": "Picnic protest",
                "kind": "rally",
                "city": "Lima",
                "country": "PE",
                "time_zone": "America/Lima",
                "starts_at": _at(),
                "ends_at": _at(hours=2),
            },
        )
        # A coordinator of another coalition, with a second factor: not this campaign's.
        cls.other_coordinator = make_user("other@example.org", "Otto Other")
        other = Coalition.objects.create(slug="other", name="Other Coalition")
        Coordinator.objects.create(coalition=other, user=cls.other_coordinator)
        _token, cls.secrets["other_coordinator"] = ApiToken.issue(
            user=cls.other_coordinator, name="test"
        )
        cls.web = f"/campaigns/{cls.campaign.slug}/hosts/{cls.proposal.uid}/contact/"
        cls.api = f"/campaigns/{cls.campaign.slug}/hosts/{cls.proposal.uid}/contact"

    def client_for(self, role: str, via: str | None = None):
        return self.as_(role, via or self.via)

    def test_it_is_stored_encrypted(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT host_contact FROM campaigns_event WHERE id = %s", [self.proposal.pk]
            )
            (stored,) = cursor.fetchone()
        self.assertNotIn(CONTACT, stored)
        self.assertNotIn("example.net", stored)

    def reveals_to_coordinators_only(self, role, response) -> None:
        """Only an allowed reading shows the address; it is never stored, and audited."""
        shown = CONTACT in response.content.decode()
        self.assertEqual(shown, role == "coordinator", role)
        if role == "coordinator":
            self.assertIn("no-store", response["Cache-Control"])
            entry = AuditEntry.objects.get(action="event.host_contact_revealed")
            self.assertEqual(entry.actor, self.coordinator)
            self.assertEqual(entry.coalition, self.coalition)
            self.assertEqual(entry.data["event"], "Picnic protest")
            self.assertNotIn(CONTACT, str(entry.data))

    def test_web_matrix(self):
        then = self.reveals_to_coordinators_only
        self.check("post", self.web, READERS, allowed=200, then=then)
        self.assertEqual(self.client.get(self.web).status_code, 405)  # a reading is a POST

    def test_api_matrix(self):
        for via in ("session", "token"):
            self.via = via
            with self.subTest(via=via):
                self.check(
                    "post",
                    "/api/v1" + self.api,
                    API_READERS,
                    json=True,
                    allowed=200,
                    then=self.reveals_to_coordinators_only,
                )

    def test_only_outside_hosts_proposals_of_this_campaign(self):
        from caucus.campaigns.tests.helpers import make_event

        member_event = make_event(self.campaign, self.alpha)
        make_campaign(self.coalition, slug="autumn")
        client = self.as_("coordinator")
        for path in (
            f"/campaigns/spring/hosts/{member_event.uid}/contact/",
            f"/campaigns/autumn/hosts/{self.proposal.uid}/contact/",
            "/campaigns/spring/hosts/00000000-0000-0000-0000-000000000000/contact/",
        ):
            with self.subTest(path=path):
                self.assertEqual(client.post(path).status_code, 404)
        self.assertEqual(
            self.call(client, "post", "/campaigns/spring/hosts/nope/contact").status_code, 404
        )
        self.assertFalse(AuditEntry.objects.filter(action="event.host_contact_revealed").exists())

    def test_no_other_page_or_answer_shows_it(self):
        coordinator = self.as_("coordinator")
        pages = [
            (coordinator, "/campaigns/spring/hosts/"),
            (coordinator, self.proposal.get_absolute_url()),
            (coordinator, "/api/v1/campaigns/spring/hosts"),
            (coordinator, f"/api/v1/events/{self.proposal.uid}"),
        ]
        for client, path in pages:
            with self.subTest(path=path):
                response = client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(CONTACT, response.content.decode())
        review = coordinator.get("/campaigns/spring/hosts/")
        self.assertContains(review, "Show the host's contact email")
        services.host_review(
            event=self.proposal, decision=Approval.APPROVED, note="", actor=self.coordinator
        )
        for path in (
            self.proposal.get_absolute_url(),
            "/campaigns/spring/calendar/",
            "/campaigns/spring/calendar.ics",
            "/campaigns/spring/feed/rss/",
            "/campaigns/spring/embed.json",
            "/api/v1/campaigns/spring/events",
        ):
            with self.subTest(path=path):
                response = self.as_("anonymous").get(path)
                self.assertNotIn(CONTACT, response.content.decode())
        # An approved host's action: its coordinators can still reach the host.
        page = coordinator.get(self.proposal.get_absolute_url())
        self.assertContains(page, f'action="{self.web}"')
        self.assertNotContains(self.as_("delegate").get(self.proposal.get_absolute_url()), self.web)
        self.assertFalse(AuditEntry.objects.filter(action="event.host_contact_revealed").exists())


def _at(hours: int = 0):
    from datetime import UTC, datetime, timedelta

    return datetime(2031, 3, 4, 23, 0, tzinfo=UTC) + timedelta(hours=hours)
