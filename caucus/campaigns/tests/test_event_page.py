"""The event page: how many are coming (only when the organizers choose), tracker-free share
links, other actions nearby."""

from caucus.campaigns.models import Event, Rsvp
from caucus.campaigns.tests.helpers import event_post, make_campaign, make_event
from caucus.test import BaseTestCase, on_test_day


@on_test_day
class EventPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha, title="Rally in Istanbul")
        cls.izmit = make_event(cls.campaign, cls.alpha, city="İzmit", title="Picket in İzmit")
        cls.far = make_event(
            cls.campaign,
            cls.alpha,
            city="Santiago",
            country="CL",
            zone="America/Santiago",
            title="Vigil in Santiago",
        )
        for n in range(3):
            Rsvp.objects.create(
                event=cls.event,
                name=f"P{n}",
                email=f"p{n}@example.net",
                email_index=str(n),
                state="confirmed",
            )

    def test_the_count_of_people_coming_is_hidden_by_default(self):
        page = self.client.get(self.event.get_absolute_url())
        self.assertNotContains(page, "data-attendees")
        self.assertNotContains(page, "3 people have confirmed")

    def test_the_organizers_may_show_how_many_are_coming(self):
        self.client.force_login(self.delegate)
        data = event_post(title="Rally in Istanbul", show_attendees="on")
        response = self.client.post(f"/events/{self.event.uid}/edit/", data)
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertTrue(self.event.show_attendees)
        self.client.logout()
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, "3 people have confirmed they are coming.")
        self.client.force_login(self.delegate)
        edit = self.client.get(f"/events/{self.event.uid}/edit/")
        self.assertContains(edit, 'name="show_attendees"')

    def test_an_outsider_cannot_turn_it_on(self):
        self.client.force_login(self.outsider)
        data = event_post(title="Rally in Istanbul", show_attendees="on")
        self.assertEqual(self.client.post(f"/events/{self.event.uid}/edit/", data).status_code, 403)
        self.event.refresh_from_db()
        self.assertFalse(self.event.show_attendees)

    def test_it_offers_share_links_that_carry_no_tracker(self):
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, 'id="share-h"')
        self.assertContains(page, "https://t.me/share/url?url=http%3A%2F%2F")
        self.assertContains(page, 'rel="noopener noreferrer nofollow"')
        self.assertNotContains(page, "utm_")

    def test_it_lists_other_actions_nearby_nearest_first(self):
        page = self.client.get(self.event.get_absolute_url())
        text = page.content.decode()
        nearby = text[text.index('id="nearby-h"') :]
        self.assertNotIn("Rally in Istanbul", nearby)
        self.assertLess(nearby.index("Picket in İzmit"), nearby.index("Vigil in Santiago"))
        self.assertRegex(nearby, r"<bdi class=\"distance\">\d+ km</bdi>")

    def test_a_proposal_waiting_for_review_has_neither(self):
        proposal = Event.objects.get(pk=self.izmit.pk)
        proposal.approval = "pending"
        proposal.save(update_fields=["approval"])
        self.client.force_login(self.coordinator)
        page = self.client.get(proposal.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="share-h"')
        self.assertNotContains(page, 'id="nearby-h"')
