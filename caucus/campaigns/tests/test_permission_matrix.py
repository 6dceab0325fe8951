"""Who may do what in campaigns: every URL that changes data or shows private data, for every
role of the cast (caucus/test.py, PermissionMatrix); a refused request leaves the database
exactly as before (savepoint per role, snapshot before and after).
"""

from caucus.campaigns.tests.helpers import event_post, make_campaign, make_event
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

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
COORDINATORS = expect(403, anonymous=LOGIN, coordinator=OK)
# alpha's event: its people with a second factor (the coordinator is alpha's delegate too).
ALPHA = expect(OK, anonymous=LOGIN, outsider=403, gamma_admin=403, nomfa=403, operator=403)
EVERYONE = expect(OK)


class CampaignPermissionMatrixTestCase(PermissionMatrix, BaseTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=PRIVATE, address_visibility="hidden"
        )
        cls.photo = cls.event.photos.create(image="events/x/photo.png", caption="Square")

    def address_shown(self, shown: dict):
        """A check for `then`: the hidden address is in the page for exactly these roles."""

        def then(role, response):
            visible = PRIVATE in response.content.decode()
            self.assertEqual(visible, shown[role], f"{role} and the address")

        return then

    def test_create_campaign(self):
        data = {
            "title": "T",
            "slug": "t",
            "starts_on": "2031-01-01",
            "ends_on": "2031-01-02",
            "status": "planned",
            "registration": "members",
        }
        expected = COORDINATORS
        self.check("post", "/campaigns/of/united/new/", expected, data)

    def test_edit_campaign(self):
        expected = COORDINATORS
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
        expected = ALPHA
        self.check("post", "/campaigns/spring/register/alpha/", expected, event_post())

    def test_change_status(self):
        expected = ALPHA
        self.check(
            "post",
            f"/events/{self.event.uid}/status/",
            expected,
            {"status": "tentative", "note": "maybe"},
        )

    def test_edit_event(self):
        expected = ALPHA
        self.check("post", f"/events/{self.event.uid}/edit/", expected, event_post(title="Renamed"))

    def test_hidden_address_only_for_organizers(self):
        organizers = self.address_shown(
            expect(False, nomfa=True, delegate=True, editor=True, org_admin=True, coordinator=True)
        )
        self.check("get", self.event.get_absolute_url(), EVERYONE, then=organizers)
        nobody = self.address_shown(expect(False))
        for url in (
            "/campaigns/spring/calendar.ics",
            "/campaigns/spring/feed/rss/",
            "/campaigns/spring/embed.json",
            "/campaigns/spring/calendar/",
            f"/events/{self.event.uid}/event.ics",
        ):
            self.check("get", url, EVERYONE, then=nobody)

    def test_review_hosts(self):
        expected = COORDINATORS
        self.check("get", "/campaigns/spring/hosts/", expected)

    def test_remove_a_report_photo(self):
        expected = ALPHA
        url = f"/events/{self.event.uid}/photos/{self.photo.pk}/remove/"
        self.check("get", url, expected, contains='class="stack confirm-form"')
        self.check("post", url, expected)

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
        expected = COORDINATORS
        # The contact is shown on the page (200), and the reading is audited.
        url = f"/campaigns/spring/hosts/{proposal.uid}/contact/"
        self.check("post", url, expected, allowed=200, contains="friends@example.net")
