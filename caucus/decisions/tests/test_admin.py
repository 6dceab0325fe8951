"""The operators' admin goes through the services: a motion's text is fixed once voting
opened; weights and meetings saved there are audited like on the coalition's pages."""

from datetime import timedelta

from django.utils import timezone

from caucus.audit.models import AuditEntry
from caucus.decisions.models import Meeting, MeetingChange, Motion, VotingWeight
from caucus.decisions.services import meetings
from caucus.decisions.tests.helpers import make_motion, open_vote
from caucus.test import BaseTestCase


class DecisionsAdminTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.operator)

    def schedule(self) -> Meeting:
        """An assembly in two days, alpha invited, scheduled on the coalition's page."""
        now = timezone.now().replace(tzinfo=None)
        return meetings.meeting_schedule(
            coalition=self.coalition,
            actor=self.coordinator,
            title="Assembly",
            starts=now + timedelta(days=2),
            ends=now + timedelta(days=2, hours=1),
            time_zone="UTC",
            invited=[self.alpha],
        )

    def test_a_motions_text_is_read_only_once_voting_opened(self):
        motion = make_motion(self)
        url = f"/admin/decisions/motion/{motion.pk}/change/"
        self.assertContains(self.client.get(url), 'name="text"')
        open_vote(self, motion)
        page = self.client.get(url)
        self.assertNotContains(page, 'name="text"')
        self.assertNotContains(page, 'name="title"')
        self.assertContains(page, motion.text)

    def test_a_weight_saved_in_the_admin_is_set_by_the_service_and_audited(self):
        response = self.client.post(
            "/admin/decisions/votingweight/add/",
            {"coalition": self.coalition.pk, "organization": self.gamma.pk, "weight": 3},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(VotingWeight.objects.get(organization=self.gamma).weight, 3)
        entry = AuditEntry.objects.get(action="vote.weights_set")
        self.assertEqual(
            (entry.actor, entry.data["weights"]), (self.operator, f"{self.gamma.pk}=3")
        )

    def test_a_meeting_edited_in_the_admin_tells_the_invitees(self):
        meeting = self.schedule()
        url = f"/admin/decisions/meeting/{meeting.pk}/change/"
        page = self.client.get(url)
        self.assertNotContains(page, 'name="starts_at"')  # times on the meeting's page only
        data = {"title": "Assembly", "place": "Union hall", "online_link": ""}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        meeting.refresh_from_db()
        self.assertEqual(meeting.place, "Union hall")
        self.assertEqual(MeetingChange.objects.get(meeting=meeting).fields, ["place"])
        self.assertTrue(AuditEntry.objects.filter(action="meeting.updated").exists())
        self.assertEqual(self.client.get("/admin/decisions/meeting/add/").status_code, 403)
        self.assertEqual(Meeting.objects.count(), 1)

    def test_a_meeting_is_not_deleted_here_but_cancelled_on_its_page(self):
        """Deleting would take its agenda and minutes silently, and tell no invitee."""
        meeting = self.schedule()
        url = f"/admin/decisions/meeting/{meeting.pk}/delete/"
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        changelist = "/admin/decisions/meeting/"
        data = {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"}
        self.client.post(changelist, data)
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())

    def test_a_draft_motion_edited_here_goes_through_the_service_and_is_audited(self):
        motion = make_motion(self)
        url = f"/admin/decisions/motion/{motion.pk}/change/"
        page = self.client.get(url)
        self.assertNotContains(page, 'name="proposer"')  # the organizations behind it stay
        response = self.client.post(url, {"title": "Living wage, amended", "text": "New text"})
        self.assertEqual(response.status_code, 302)
        motion.refresh_from_db()
        self.assertEqual((motion.title, motion.text), ("Living wage, amended", "New text"))
        entry = AuditEntry.objects.get(action="motion.updated")
        self.assertEqual(entry.actor, self.operator)

    def test_motions_are_neither_added_nor_deleted_here(self):
        motion = make_motion(self)
        self.assertEqual(self.client.get("/admin/decisions/motion/add/").status_code, 403)
        delete = f"/admin/decisions/motion/{motion.pk}/delete/"
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(Motion.objects.filter(pk=motion.pk).exists())
