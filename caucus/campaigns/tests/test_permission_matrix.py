"""Who may do what in campaigns: every URL that changes data or shows private data, per role.

Roles as in caucus/public/tests/test_permission_matrix.py; a refused request leaves the
database exactly as before (savepoint per role, snapshot before and after).
"""

from django.apps import apps
from django.db import transaction

from caucus.campaigns.tests.helpers import event_post, make_campaign, make_event
from caucus.test import BaseTestCase

ROLES = ["anonymous", "outsider", "nomfa", "delegate", "org_admin", "coordinator", "operator"]
OK = (200, 302)
LOGIN = "login"
WATCHED = [
    "campaigns.Campaign",
    "campaigns.DayOfAction",
    "campaigns.Event",
    "campaigns.EventStatusChange",
    "campaigns.Rsvp",
    "campaigns.PlaceCount",
    "campaigns.EventPhoto",
    "audit.AuditEntry",
]
PRIVATE = "Room 9, Hidden House"


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class CampaignPermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=PRIVATE, address_visibility="hidden"
        )
        cls.photo = cls.event.photos.create(image="events/x/photo.png", caption="Square")

    def check(self, method, url, expected, data=None, contains=None):
        for role in ROLES:
            with self.subTest(role=role, url=url), transaction.atomic():
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                before = snapshot()
                response = getattr(self.client, method)(url, data or {})
                want = expected[role]
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/accounts/login/", response["Location"])
                elif want == OK:
                    self.assertIn(response.status_code, OK)
                else:
                    self.assertEqual(response.status_code, want)
                if method == "post" and want != OK:
                    self.assertTrue(snapshot() == before, f"{role} changed data at {url}")
                if contains is not None:
                    shown = PRIVATE in response.content.decode()
                    self.assertEqual(shown, contains[role], f"{role} and the address at {url}")
                transaction.set_rollback(True)

    def test_create_campaign(self):
        data = {
            "title": "T",
            "slug": "t",
            "starts_on": "2031-01-01",
            "ends_on": "2031-01-02",
            "status": "planned",
            "registration": "members",
        }
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 403,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", "/campaigns/of/united/new/", expected, data)

    def test_edit_campaign(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 403,
            "coordinator": OK,
            "operator": 403,
        }
        self.check(
            "post",
            "/campaigns/spring/edit/",
            expected,
            {
                "title": "New",
                "slug": "spring",
                "starts_on": "2031-03-01",
                "ends_on": "2031-03-14",
                "status": "active",
                "registration": "members",
            },
        )

    def test_register_event_for_alpha(self):
        # nomfa lacks a second factor; the coordinator is a delegate of alpha too.
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", "/campaigns/spring/register/alpha/", expected, event_post())

    def test_change_status(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,
            "operator": 403,
        }
        self.check(
            "post",
            f"/events/{self.event.uid}/status/",
            expected,
            {"status": "tentative", "note": "maybe"},
        )

    def test_edit_event(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", f"/events/{self.event.uid}/edit/", expected, event_post(title="Renamed"))

    def test_hidden_address_only_for_organizers(self):
        contains = {
            "anonymous": False,
            "outsider": False,
            "nomfa": True,
            "delegate": True,
            "org_admin": True,
            "coordinator": True,
            "operator": False,
        }
        self.check(
            "get", self.event.get_absolute_url(), dict.fromkeys(ROLES, 200), contains=contains
        )
        for url in (
            "/campaigns/spring/calendar.ics",
            "/campaigns/spring/feed/rss/",
            "/campaigns/spring/embed.json",
            "/campaigns/spring/calendar/",
            f"/events/{self.event.uid}/event.ics",
        ):
            self.check("get", url, dict.fromkeys(ROLES, 200), contains=dict.fromkeys(ROLES, False))

    def test_review_hosts(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 403,
            "coordinator": 200,
            "operator": 403,
        }
        self.check("get", "/campaigns/spring/hosts/", expected)

    def test_remove_a_report_photo(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", f"/events/{self.event.uid}/photos/{self.photo.pk}/remove/", expected)

    def test_read_a_hosts_contact(self):
        # Only the coordinators of the campaign's coalition; see test_host_contact.py too.
        from caucus.campaigns import services

        proposal = services.host_submit(
            campaign=self.campaign,
            data={
                **{k: v for k, v in self.event.__dict__.items() if k in services.EVENT_FIELDS},
                "day_of_action": None,
                "host_name": "Friends",
                "host_contact": "friends@example.net",
            },
        )
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 403,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", f"/campaigns/spring/hosts/{proposal.uid}/contact/", expected)
