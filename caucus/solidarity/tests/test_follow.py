"""Following a case by email: double opt-in, encrypted address, updates, unsubscribing."""

import re

from django.core import mail
from django.db import connection

from caucus.lib.crypto import email_index
from caucus.solidarity import services
from caucus.solidarity.models import Follower, TimelineEntry
from caucus.solidarity.tasks import notify_followers
from caucus.solidarity.tests.base import CaseTestCase


def link_in(message, kind: str) -> str:
    found = re.search(rf"http://\S+/cases/follow/{kind}/\S+/", message.body)
    assert found is not None, message.body
    return found.group().replace("http://127.0.0.1:8000", "")


class FollowTestCase(CaseTestCase):
    def follow(self, email="Reader+cases@Example.net"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/cases/a-y/follow/", {"email": email})

    def test_it_asks_for_confirmation_and_stores_the_address_encrypted(self):
        response = self.follow()
        self.assertEqual(response.status_code, 302)
        follower = Follower.objects.get()
        self.assertEqual(follower.state, "pending")
        self.assertEqual(follower.email_index, email_index("reader@example.net"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT email FROM solidarity_follower")
            stored = cursor.fetchone()[0]
        self.assertNotIn("example.net", stored.lower())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["Reader+cases@Example.net"])
        self.assertIn("/cases/follow/unsubscribe/", mail.outbox[0].body)

    def test_confirming_takes_a_button_press_and_works_once(self):
        self.follow()
        link = link_in(mail.outbox[0], "confirm")
        self.assertContains(self.client.get(link), "Confirm")
        self.assertEqual(Follower.objects.get().state, "pending")  # a mail scanner's GET
        self.assertContains(self.client.post(link), "You follow this case")
        self.assertEqual(Follower.objects.get().state, "confirmed")
        self.assertContains(self.client.post(link), "You follow this case")

    def test_a_forged_link_is_refused(self):
        self.follow()
        link = link_in(mail.outbox[0], "confirm")
        response = self.client.post(link[:-5] + "xxxx/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Follower.objects.get().state, "pending")

    def test_the_same_answer_whether_or_not_someone_follows(self):
        first = self.follow()
        Follower.objects.update(state="confirmed")
        second = self.follow("reader@example.net")
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(len(mail.outbox), 1)  # no second email to a confirmed follower
        self.assertEqual(Follower.objects.count(), 1)

    def test_bad_addresses_change_nothing(self):
        for email in ("", "not-an-email", "a@b", "x" * 300 + "@example.net"):
            with self.subTest(email=email):
                self.assertEqual(self.follow(email).status_code, 400)
        self.assertFalse(Follower.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_drafts_cannot_be_followed(self):
        self.assertEqual(self.follow_url("/cases/draft-person/follow/").status_code, 404)

    def follow_url(self, url):
        return self.client.post(url, {"email": "x@example.net"})

    def confirmed(self) -> Follower:
        self.follow()
        self.client.post(link_in(mail.outbox[0], "confirm"))
        mail.outbox.clear()
        return Follower.objects.get()

    def test_followers_hear_of_new_entries_once_with_an_unsubscribe_link(self):
        self.confirmed()
        with self.captureOnCommitCallbacks(execute=True):
            entry = services.entry_add(
                case=self.protected,
                actor=self.coordinator,
                kind="transfer",
                date=self.arrest.date,
                note="Moved to another prison.",
            )
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Transfer", mail.outbox[0].subject)
        self.assertIn("Moved to another prison.", mail.outbox[0].body)
        notify_followers.call(entry.pk)  # a second run sends nothing
        self.assertEqual(len(mail.outbox), 1)
        self.assertIsNotNone(TimelineEntry.objects.get(pk=entry.pk).notified_at)

        link = link_in(mail.outbox[0], "unsubscribe")
        self.assertContains(self.client.get(link), "Stop the emails")
        self.assertContains(self.client.post(link), "You are unsubscribed")
        self.assertEqual(Follower.objects.get().state, "unsubscribed")
        with self.captureOnCommitCallbacks(execute=True):
            services.entry_add(
                case=self.protected, actor=self.coordinator, kind="update", date=self.arrest.date
            )
        self.assertEqual(len(mail.outbox), 1)

    def test_pending_followers_get_no_updates(self):
        self.follow()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            services.entry_add(
                case=self.protected, actor=self.coordinator, kind="update", date=self.arrest.date
            )
        self.assertEqual(mail.outbox, [])

    def test_a_flood_from_one_network_is_slowed_down_not_banned(self):
        from django.core.cache import cache
        from django.test import override_settings

        cache.clear()
        with override_settings(SIGNATURE_RATE_PER_PREFIX=2):
            for n in range(2):
                self.assertEqual(self.follow(f"reader{n}@example.net").status_code, 302)
            response = self.follow("reader9@example.net")
        cache.clear()
        self.assertEqual(response.status_code, 429)
        self.assertTrue(int(response["Retry-After"]) > 0)
        self.assertContains(response, "Please try again in", status_code=429)
        self.assertEqual(Follower.objects.count(), 2)
        self.assertEqual(self.follow("reader9@example.net").status_code, 302)
