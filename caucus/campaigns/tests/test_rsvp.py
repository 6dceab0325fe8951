"""RSVPs: double opt-in, the private address only after confirming, cancelling, refusals."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from caucus.campaigns.models import Rsvp, RsvpState
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.lib.crypto import email_index
from caucus.test import BaseTestCase, on_test_day

SECRET = "Backyard of 7 Hidden Lane"


@on_test_day
class RsvpTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(
            cls.campaign, cls.alpha, address=SECRET, address_visibility="rsvp", capacity=2
        )

    def rsvp(self, email="pat@example.net", name="Pat"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/events/{self.event.uid}/rsvp/", {"name": name, "email": email}
            )

    def links(self, message):
        return re.findall(r"http://\S+/events/rsvp/\S+/", message.body)

    def test_it_keeps_the_address_until_the_email_is_confirmed(self):
        page = self.client.get(self.event.get_absolute_url())
        self.assertNotContains(page, SECRET)
        response = self.rsvp()
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, SECRET)
        rsvp = Rsvp.objects.get()
        self.assertEqual(rsvp.state, RsvpState.PENDING)
        self.assertEqual(rsvp.email_index, email_index("pat@example.net"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn(SECRET, mail.outbox[0].body)
        confirm, manage = self.links(mail.outbox[0])
        path = confirm.split("testserver", 1)[-1]
        self.assertNotContains(self.client.get(path), SECRET)  # GET only shows a button
        response = self.client.post(path)
        self.assertEqual(response.status_code, 302)
        rsvp.refresh_from_db()
        self.assertEqual(rsvp.state, RsvpState.CONFIRMED)
        self.assertContains(self.client.get(response["Location"]), SECRET)
        # The confirm link has done its job (it says so); the public page still hides the
        # address.
        self.assertContains(self.client.post(path), "You are already confirmed")
        self.assertNotContains(self.client.get(self.event.get_absolute_url()), SECRET)

    def test_it_stores_no_plain_email(self):
        self.rsvp()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT email FROM campaigns_rsvp")
            (stored,) = cursor.fetchone()
        self.assertNotIn("pat@example.net", stored)

    def test_an_address_that_already_answered_gets_the_page_a_new_one_gets(self):
        new = self.rsvp(email="new@example.net", name="Sam")
        self.rsvp()
        mail.outbox.clear()
        again = self.rsvp(email="PAT+x@Example.net", name="Sam")  # the same mailbox
        self.assertEqual(again.status_code, new.status_code)
        self.assertEqual(again.content, new.content)
        self.assertEqual(Rsvp.objects.count(), 2)
        # Its owner, not the person at the form, is told, at the address it answered with.
        (message,) = mail.outbox
        self.assertEqual(message.to, ["pat@example.net"])
        self.assertIn("already answered", message.subject)
        confirm, manage = self.links(message)
        self.assertEqual(self.client.post(confirm.split("testserver", 1)[-1]).status_code, 302)
        pat = Rsvp.objects.get(email_index=email_index("pat@example.net"))
        self.assertEqual(pat.state, RsvpState.CONFIRMED)
        self.assertContains(self.client.get(manage.split("testserver", 1)[-1]), SECRET)

    def test_the_owner_is_reminded_once_an_interval_however_often_it_is_tried(self):
        self.rsvp()
        for _ in range(3):
            self.assertEqual(self.rsvp().status_code, 200)
        self.assertEqual(len(mail.outbox), 2)  # the confirmation, then one reminder
        with self.settings(RSVP_REMINDER_INTERVAL=0):
            cache.clear()
            self.rsvp()
        self.assertEqual(len(mail.outbox), 3)

    def test_a_confirmed_rsvp_is_reminded_with_its_link_only(self):
        self.rsvp()
        Rsvp.objects.update(state=RsvpState.CONFIRMED)
        self.rsvp()
        (_confirm, _manage), (manage,) = (self.links(m) for m in mail.outbox)
        self.assertIn("/events/rsvp/", manage)
        self.assertNotIn("/confirm/", manage)

    def test_a_cancelled_rsvp_may_answer_again(self):
        self.rsvp()
        Rsvp.objects.update(state=RsvpState.CANCELLED)
        self.assertEqual(self.rsvp().status_code, 200)
        self.assertEqual(Rsvp.objects.get().state, RsvpState.PENDING)
        self.assertIn("Confirm that you are coming", mail.outbox[-1].subject)

    @override_settings(RSVP_RATE_PER_NETWORK=3, RSVP_RATE_WINDOW=600)
    def test_it_slows_down_a_busy_network(self):
        for n in range(3):
            self.assertEqual(self.rsvp(email=f"p{n}@example.net").status_code, 200)
        response = self.rsvp(email="p9@example.net")
        self.assertContains(response, "try again in", status_code=429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 600)
        self.assertEqual(Rsvp.objects.count(), 3)
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(RSVP_RATE_PER_ADDRESS=2, RSVP_RATE_PER_NETWORK=0)
    def test_it_slows_down_one_address_whether_or_not_it_answered(self):
        other = make_event(self.campaign, self.alpha, city="Ankara")
        self.rsvp()
        self.rsvp()
        self.assertEqual(self.rsvp().status_code, 429)
        self.event = other
        response = self.rsvp(email="Pat+again@example.net")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.rsvp(email="sam@example.net").status_code, 200)

    def test_it_refuses_a_cancelled_event(self):
        self.event.status = "cancelled"
        self.event.save()
        response = self.rsvp()
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Rsvp.objects.exists())

    def test_it_refuses_a_full_event(self):
        for n in range(2):
            Rsvp.objects.create(
                event=self.event,
                name="x",
                email=f"p{n}@x.org",
                email_index=email_index(f"p{n}@x.org"),
                state="confirmed",
            )
        response = self.rsvp()
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "full", status_code=400)
        self.assertEqual(Rsvp.objects.count(), 2)

    def test_it_refuses_missing_fields(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/events/{self.event.uid}/rsvp/", {"email": "bad"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["rsvp_form"].errors), {"name", "email"})
        self.assertFalse(Rsvp.objects.exists())

    def test_it_cancels_by_link_after_asking(self):
        self.rsvp()
        _confirm, manage = self.links(mail.outbox[0])
        path = urlsplit(manage).path
        self.assertContains(self.client.get(path), "Cancel my RSVP…</button>")
        page = self.client.post(path)  # the manage page's button: the confirmation (issue 14)
        self.assertContains(page, "Cancel your RSVP")
        self.assertContains(page, "no longer count you")
        self.assertContains(page, "answer again on the event")
        self.assertContains(page, '<input type="hidden" name="confirm" value="1">')
        self.assertContains(page, f'href="{path}">Keep my RSVP</a>')
        self.assertEqual(Rsvp.objects.get().state, RsvpState.PENDING)
        self.client.post(path, {"confirm": "1"})
        self.assertEqual(Rsvp.objects.get().state, RsvpState.CANCELLED)
        self.assertNotContains(self.client.get(path), SECRET)

    def test_it_rejects_a_forged_link(self):
        self.assertEqual(self.client.get("/events/rsvp/confirm/nonsense/").status_code, 404)
        self.assertEqual(self.client.get("/events/rsvp/nonsense/").status_code, 404)


class StatusChangeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha)
        Rsvp.objects.create(
            event=cls.event,
            name="Con",
            email="con@x.org",
            email_index=email_index("con@x.org"),
            state="confirmed",
        )
        Rsvp.objects.create(
            event=cls.event,
            name="Pen",
            email="pen@x.org",
            email_index=email_index("pen@x.org"),
            state="pending",
        )

    def test_it_emails_confirmed_rsvps_with_the_note(self):
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/events/{self.event.uid}/status/", {"status": "cancelled", "note": "Police ban"}
            )
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertEqual((self.event.status, self.event.sequence), ("cancelled", 1))
        self.assertEqual([m.to for m in mail.outbox], [["con@x.org"]])
        self.assertIn("Police ban", mail.outbox[0].body)
        self.assertIsNotNone(self.event.status_changes.get().notified_at)
        self.assertFalse(self.campaign.places.exists())  # cancelled: off the map counts

    def test_it_sends_once_when_the_task_runs_again(self):
        from caucus.campaigns.tasks import notify_status_change

        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/events/{self.event.uid}/status/", {"status": "postponed"})
        notify_status_change.call(self.event.status_changes.get().pk)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_refuses_outsiders(self):
        self.client.force_login(self.outsider)
        response = self.client.post(f"/events/{self.event.uid}/status/", {"status": "cancelled"})
        self.assertEqual(response.status_code, 403)
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "confirmed")
