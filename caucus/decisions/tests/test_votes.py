"""Voting through the web: ballots, changes, receipts, refusals, closing and resolutions."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from caucus.decisions.models import LedgerEntry, Motion, Vote
from caucus.decisions.services import ballots, motions, votes
from caucus.decisions.tests.helpers import expire, make_motion, open_vote
from caucus.test import BaseTestCase


class BallotTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.url = f"/coalitions/united/votes/{self.vote.pk}/"

    def cast(self, user, org="alpha", choice="for"):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url + "ballot/", {"organization": org, "choice": choice})

    def test_it_records_a_ballot_and_shows_and_emails_the_receipt(self):
        response = self.cast(self.delegate)
        entry = LedgerEntry.objects.get(vote=self.vote, kind="ballot")
        receipt_url = f"{self.url}?receipt={entry.entry_hash}"
        self.assertRedirects(response, receipt_url + "#receipt")
        page = self.client.get(receipt_url)
        self.assertContains(
            page, f'<code class="hash" dir="ltr" id="receipt">{entry.entry_hash}</code>'
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(entry.entry_hash, mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].to, ["delegate@example.org"])

    def test_the_page_puts_the_motion_above_the_ballot_and_says_what_the_org_chose(self):
        self.client.force_login(self.delegate)
        page = self.client.get(self.url).content.decode()
        self.assertIn("Cast your organization's ballot", page)
        # The motion's rendered text is read before the ballot.
        self.assertLess(page.index("<strong>stands</strong> with them"), page.index('id="cast"'))
        self.cast(self.delegate, choice="against")
        page = self.client.get(self.url).content.decode()
        self.assertIn("Change your ballot (currently: Against)", page)
        self.cast(self.delegate, choice="for")
        self.assertContains(self.client.get(self.url), "Change your ballot (currently: For)")

    def test_it_keeps_every_ballot_and_counts_the_last(self):
        self.cast(self.delegate, choice="against")
        self.cast(self.coordinator, choice="for")
        self.assertEqual(self.vote.entries.filter(kind="ballot").count(), 2)
        self.assertEqual(self.vote.last_ballots(), {"alpha": "for"})

    def test_it_hides_totals_until_closing(self):
        self.cast(self.delegate, choice="against")
        self.client.force_login(self.gamma_admin)
        page = self.client.get(self.url)
        self.assertContains(page, "Choices stay sealed until voting closes")
        self.assertNotContains(page, "Against</th>")

    def assertRefused(self, response, status=400):
        self.assertEqual(response.status_code, status)
        self.assertEqual(self.vote.entries.filter(kind="ballot").count(), 0)

    def test_it_refuses_a_ballot_before_opening(self):
        now = timezone.now()
        self.vote = votes.vote_open(
            motion=make_motion(self, "Later"),
            actor=self.coordinator,
            rules=["simple"],
            quorum_percent=50,
            opens_at=now + timedelta(hours=1),
            closes_at=now + timedelta(hours=2),
        )
        self.url = f"/coalitions/united/votes/{self.vote.pk}/"
        self.assertRefused(self.cast(self.delegate))

    def test_it_refuses_a_ballot_after_closing_and_closes_the_vote(self):
        expire(self.vote)
        response = self.cast(self.delegate)
        self.assertEqual(response.status_code, 400)
        self.vote.refresh_from_db()
        self.assertEqual(self.vote.state, "closed")
        self.assertEqual(self.vote.entries.filter(kind="ballot").count(), 0)

    def test_it_refuses_a_ballot_for_another_organization(self):
        self.assertRefused(self.cast(self.delegate, org="gamma"))

    def test_it_refuses_a_ballot_without_mfa(self):
        self.assertRefused(self.cast(self.nomfa), status=403)

    def test_it_refuses_an_outsider(self):
        self.assertRefused(self.cast(self.outsider, org="beta"), status=403)

    def test_it_refuses_a_block_outside_consensus(self):
        self.assertRefused(self.cast(self.delegate, choice="block"))

    def test_it_refuses_a_block_through_the_service_too(self):
        with self.assertRaises(ValidationError):
            ballots.ballot_cast(
                vote=self.vote, organization=self.alpha, actor=self.delegate, choice="block"
            )


class ConsensusTestCase(BaseTestCase):
    def test_a_block_rejects_a_consensus_motion(self):
        vote = open_vote(self, rules=("consensus", "threshold"), threshold=75)
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="block"
        )
        expire(vote)
        votes.vote_close(vote=vote, trigger="test")
        vote.refresh_from_db()
        self.assertEqual(vote.result["outcome"], "rejected")
        self.assertEqual(vote.result["rules"], {"consensus": False, "threshold": False})
        self.assertEqual(Motion.objects.get(pk=vote.motion_id).state, "rejected")


class CloseTestCase(BaseTestCase):
    def test_closing_twice_changes_nothing(self):
        vote = open_vote(self)
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        expire(vote)
        self.assertTrue(votes.vote_close(vote=vote, trigger="task"))
        self.assertFalse(votes.vote_close(vote=vote, trigger="task"))
        self.assertEqual(vote.entries.count(), 4)

    def test_a_vote_does_not_close_early(self):
        vote = open_vote(self)
        self.assertFalse(votes.vote_close(vote=vote, trigger="task"))
        self.assertEqual(vote.entries.count(), 1)

    def test_a_read_after_closing_closes_and_numbers_resolutions_per_year(self):
        first, second = open_vote(self), open_vote(self, make_motion(self, "Second"))
        for vote in (first, second):
            ballots.ballot_cast(
                vote=vote, organization=self.alpha, actor=self.delegate, choice="for"
            )
        expire(first)
        expire(second)
        self.client.force_login(self.delegate)
        response = self.client.get(f"/coalitions/united/votes/{second.pk}/")
        self.assertContains(response, "Adopted")
        year = timezone.now().year
        self.assertContains(response, f"Resolution {year}/1")
        self.assertContains(response, "<li><bdi>Alpha Union</bdi>: For</li>", html=True)
        self.client.get("/coalitions/united/motions/")
        first.motion.refresh_from_db()
        self.assertEqual(first.motion.resolution_number, 2)
        public = self.client.get("/c/united/")
        self.assertContains(public, f"Resolution {year}/2")
        self.assertContains(public, "Ed25519")

    def test_the_close_task_closes_a_due_vote(self):
        from caucus.decisions.tasks import close_vote_task

        vote = open_vote(self)
        expire(vote)
        close_vote_task.call(vote.pk)
        vote.refresh_from_db()
        self.assertEqual(vote.state, "closed")
        self.assertEqual(vote.result["quorum_met"], False)


class MotionLockTestCase(BaseTestCase):
    def test_a_motion_cannot_be_edited_after_opening(self):
        vote = open_vote(self)
        self.client.force_login(self.delegate)
        url = f"/coalitions/united/motions/{vote.motion_id}/edit/"
        response = self.client.post(url, {"title": "Changed", "text": "Changed"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Motion.objects.get(pk=vote.motion_id).title, "Solidarity with the dockers")

    def test_the_service_refuses_too(self):
        vote = open_vote(self)
        with self.assertRaises(ValidationError):
            motions.motion_update(motion=vote.motion, actor=self.delegate, title="x", text="y")
        self.assertEqual(
            Motion.objects.get(pk=vote.motion_id).text, "The coalition **stands** with them."
        )


class OpenVoteTestCase(BaseTestCase):
    def test_the_coordinator_opens_a_vote_with_a_manifest(self):
        motion = make_motion(self)
        self.client.force_login(self.coordinator)
        now = timezone.now()
        response = self.client.post(
            f"/coalitions/united/motions/{motion.pk}/vote/",
            {
                "rules": ["simple", "consensus"],
                "quorum_percent": 50,
                "time_zone": "Europe/Istanbul",
                "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
                "recorded": "on",
            },
        )
        vote = Vote.objects.get(motion=motion)
        self.assertRedirects(response, vote.get_absolute_url())
        manifest = vote.manifest()
        self.assertEqual(manifest["options"], ["for", "against", "abstain", "block"])
        self.assertEqual([e["org"] for e in manifest["eligible"]], ["alpha", "gamma"])
        self.assertEqual(len(vote.fingerprint), 64)

    def test_it_refuses_bad_setup_and_changes_nothing(self):
        motion = make_motion(self)
        self.client.force_login(self.coordinator)
        now = timezone.now()
        response = self.client.post(
            f"/coalitions/united/motions/{motion.pk}/vote/",
            {
                "rules": ["threshold"],
                "quorum_percent": 50,
                "time_zone": "UTC",
                "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": (now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Vote.objects.exists())

    def test_it_refuses_a_window_with_no_utc_instant(self):
        motion = make_motion(self)
        self.client.force_login(self.coordinator)
        for zone, opens, closes in [
            ("Asia/Tokyo", "0001-01-01T00:00", "0001-01-03T00:00"),
            ("America/Santiago", "9999-12-30T00:00", "9999-12-31T23:59"),
        ]:
            with self.subTest(zone=zone):
                response = self.client.post(
                    f"/coalitions/united/motions/{motion.pk}/vote/",
                    {"rules": ["simple"], "quorum_percent": 50, "time_zone": zone,
                     "opens_at": opens, "closes_at": closes},
                )  # fmt: skip
                self.assertEqual(response.status_code, 400)
        self.assertFalse(Vote.objects.exists())
