"""The demo coalition's decisions: a past meeting, three verified resolutions, an open vote."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caucus.accounts.models import User
from caucus.decisions import ledger
from caucus.decisions.models import Meeting, Motion, Vote
from caucus.test import Client

SLUG = "cross-border-labour"


class DemoDecisionsTestCase(TestCase):
    client_class = Client  # signs in with the second factor, as allauth does

    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", stdout=StringIO())

    def test_the_past_meeting_has_approved_minutes_and_attendance(self):
        meeting = Meeting.objects.get(coalition__slug=SLUG)
        self.assertIsNotNone(meeting.approved_minutes)
        self.assertEqual(meeting.attendance.count(), 11)
        self.assertEqual(meeting.agenda.count(), 4)
        self.assertTrue(meeting.actions.exists())

    def test_three_adopted_resolutions_whose_ledgers_verify(self):
        adopted = Motion.objects.filter(coalition__slug=SLUG, state="adopted")
        self.assertEqual(
            sorted(m.resolution_number for m in adopted),
            [1, 2, 3],
        )
        for motion in adopted:
            with self.subTest(motion=motion.title):
                report = ledger.verify(motion.vote)
                self.assertEqual(report.problems, [])
                # opened, ten ballots, closed: every head posted
                self.assertEqual(motion.vote.head_posts.count(), 12)
        page = self.client.get(f"/c/{SLUG}/")
        for motion in adopted:
            self.assertContains(page, motion.resolution_label)

    def test_a_demo_delegate_casts_a_ballot_in_the_open_vote(self):
        vote = Vote.objects.get(motion__coalition__slug=SLUG, state="open")
        self.assertTrue(vote.is_accepting())
        self.client.force_login(User.objects.get(email="delegate@demo.caucus.example"))
        page = self.client.get(vote.get_absolute_url())
        self.assertContains(page, "Cast ballot")
        response = self.client.post(
            vote.get_absolute_url() + "ballot/", {"organization": "sintrasur", "choice": "for"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(vote.entries.filter(kind="ballot").count(), 1)
        vote.refresh_from_db()
        self.assertEqual(ledger.verify(vote).problems, [])
