"""Ledger heads posted to the coalition's activity feed, and minutes approved by a motion."""

import json
from datetime import timedelta

from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.decisions import ledger
from caucus.decisions.models import LedgerEntry, Meeting, Motion, SignedHeight, Vote
from caucus.decisions.services import ballots, meetings, minutes, votes
from caucus.decisions.tests import tamper
from caucus.decisions.tests.helpers import expire, make_motion, open_vote
from caucus.test import BaseTestCase

FEED = "/c/united/ledger-heads/atom/"


class HeadPostTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )

    def close(self) -> None:
        expire(self.vote)
        self.assertTrue(votes.vote_close(vote=self.vote, trigger="test"))
        self.vote.refresh_from_db()

    def test_opening_posts_the_manifest_head(self):
        post = self.vote.head_posts.get(event="open")
        self.assertEqual((post.event, post.height), ("open", 0))
        self.assertEqual(post.head_hash, self.vote.entries.get(height=0).entry_hash)

    def test_every_ballot_posts_the_new_head(self):
        """Heads witnessed while the vote is open, not only at its ends (issue
        "Verifiable ballots", 5): a ballot dropped later contradicts its posted head."""
        second = ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        posts = list(self.vote.head_posts.filter(event="ballot").order_by("height"))
        self.assertEqual([p.height for p in posts], [1, 2])
        self.assertEqual(posts[-1].head_hash, second.entry_hash)
        body = self.client.get(FEED).content.decode()
        self.assertIn(f"vote-{self.vote.pk}-ballot-2-{second.entry_hash}", body)
        self.assertNotIn("gamma", body)  # the head, never who voted
        LedgerEntry.objects.filter(pk=second.pk).delete()
        Vote.objects.filter(pk=self.vote.pk).update(head_hash=second.parent_hash)
        self.vote.refresh_from_db()
        problems = ledger.verify(self.vote).problems
        self.assertIn(
            f"the head {second.entry_hash[:16]} posted to the activity feed at received a ballot "
            "(height 2) is no longer in the chain",
            problems,
        )

    def test_closing_posts_the_final_head(self):
        self.close()
        post = self.vote.head_posts.get(event="close")
        self.assertEqual(post.head_hash, self.vote.head_hash)
        self.assertEqual(post.height, self.vote.entries.get(kind="result").height)
        self.assertFalse(votes.vote_close(vote=self.vote, trigger="test"))
        self.assertEqual(self.vote.head_posts.filter(event="close").count(), 1)

    def test_the_public_feed_carries_both_heads_and_no_motion_text(self):
        self.close()
        response = self.client.get(FEED)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        body = response.content.decode()
        for post in self.vote.head_posts.all():
            self.assertIn(post.head_hash, body)
        self.assertNotIn(self.vote.motion.title, body)
        self.assertNotIn("alpha", body)
        self.assertContains(self.client.get("/c/united/"), FEED)

    def test_the_feed_of_an_unlisted_coalition_is_for_members_only(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(is_public=False)
        self.assertEqual(self.client.get(FEED).status_code, 404)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(FEED).status_code, 404)
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.get(FEED).status_code, 200)
        self.assertEqual(self.client.get("/c/nowhere/ledger-heads/atom/").status_code, 404)

    def test_a_rewritten_tail_contradicts_the_posted_head(self):
        """An insider with the signing key re-signs the result: only the posted head tells."""
        self.close()
        row = self.vote.entries.get(kind="result")
        data = dict(json.loads(row.payload), note="rewritten")
        forged = tamper.forge(self.vote, row.height, row.parent_hash, "result", data)
        LedgerEntry.objects.filter(pk=row.pk).update(**forged)
        Vote.objects.filter(pk=self.vote.pk).update(head_hash=forged["entry_hash"], result=data)
        SignedHeight.objects.filter(vote=self.vote, height=row.height).update(
            entry_hash=forged["entry_hash"]
        )  # the insider covers this track too
        self.vote.refresh_from_db()
        self.assertEqual(
            ledger.verify(self.vote).problems,
            [
                f"the head {row.entry_hash[:16]} posted to the activity feed at closed "
                f"(height {row.height}) is no longer in the chain"
            ],
        )


class MinutesByMotionTestCase(BaseTestCase):
    def setUp(self):
        now = timezone.now()
        self.meeting = meetings.meeting_schedule(
            coalition=self.coalition,
            actor=self.coordinator,
            title="Assembly",
            starts=now,
            ends=now + timedelta(hours=1),
            time_zone="UTC",
            invited=[self.alpha, self.gamma],
        )
        self.v1 = minutes.minutes_save(meeting=self.meeting, actor=self.coordinator, text="Draft")
        self.v2 = minutes.minutes_save(meeting=self.meeting, actor=self.coordinator, text="Final")

    def test_the_minutes_page_offers_approval_by_motion_prefilled(self):
        self.client.force_login(self.delegate)
        page = self.client.get(f"/coalitions/united/meetings/{self.meeting.pk}/minutes/")
        self.assertContains(page, f"/coalitions/united/motions/new/?minutes={self.v2.pk}")
        form = self.client.get(f"/coalitions/united/motions/new/?minutes={self.v2.pk}")
        self.assertContains(form, "Approval of the minutes of Assembly (version 2)")
        self.assertEqual(form.context["form"].initial["approves_minutes"], self.v2.pk)
        for junk in ["x", "999999", ""]:
            form = self.client.get(f"/coalitions/united/motions/new/?minutes={junk}")
            self.assertEqual(form.status_code, 200)
            self.assertNotIn("approves_minutes", form.context["form"].initial)

    def test_an_adopted_motion_approves_the_version_and_the_manifest_names_it(self):
        self.client.force_login(self.delegate)
        response = self.client.post(
            "/coalitions/united/motions/new/",
            {
                "organization": self.alpha.pk,
                "title": "Approve the minutes",
                "text": "Approved.",
                "approves_minutes": self.v2.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        motion = Motion.objects.get(title="Approve the minutes")
        self.assertEqual(motion.approves_minutes, self.v2)
        vote = open_vote(self, motion)
        manifest = vote.manifest()
        self.assertEqual(manifest["approves_minutes"]["version"], 2)
        self.assertEqual(manifest["approves_minutes"]["text_sha256"], ledger.sha256("Final"))
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        expire(vote)
        votes.vote_close(vote=vote, trigger="test")
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).approved_minutes, self.v2)
        page = self.client.get(f"/coalitions/united/meetings/{self.meeting.pk}/minutes/")
        self.assertContains(page, f"Approved by <bdi>Resolution {vote.closes_at.year}/1</bdi>")
        self.assertEqual(ledger.verify(vote).problems, [])

    def test_a_rejected_motion_approves_nothing(self):
        motion = make_motion(self, "Approve v1", approves_minutes=self.v1)
        vote = open_vote(self, motion)
        ballots.ballot_cast(
            vote=vote, organization=self.alpha, actor=self.delegate, choice="against"
        )
        expire(vote)
        votes.vote_close(vote=vote, trigger="test")
        self.assertIsNone(Meeting.objects.get(pk=self.meeting.pk).approved_minutes)

    def test_minutes_of_another_coalition_are_refused_and_nothing_changes(self):
        other = Coalition.objects.create(slug="other", name="Other")
        meeting = Meeting.objects.create(
            coalition=other,
            title="Elsewhere",
            starts_at=self.meeting.starts_at,
            ends_at=self.meeting.ends_at,
        )
        foreign = minutes.minutes_save(meeting=meeting, actor=self.coordinator, text="Theirs")
        self.client.force_login(self.delegate)
        before = Motion.objects.count()
        response = self.client.post(
            "/coalitions/united/motions/new/",
            {
                "organization": self.alpha.pk,
                "title": "Sneaky",
                "text": "x",
                "approves_minutes": foreign.pk,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("approves_minutes", response.context["form"].errors)
        self.assertEqual(Motion.objects.count(), before)
        page = self.client.get(f"/coalitions/united/motions/new/?minutes={foreign.pk}")
        self.assertNotContains(page, "Elsewhere")
