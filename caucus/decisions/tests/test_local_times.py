"""Local times across daylight-saving changes in meetings and votes, through the web and the
API: a time the clocks skip is refused with the valid time suggested, a time that happens
twice is refused until the person says which, and the vote's manifest signs the right instant.

Europe/Rome changes on the last Sundays of March and October (02:00 → 03:00, 03:00 → 02:00);
the tests use next year's, so the dates stay in the future without moving the clock (which
would expire the sessions' second factor).
"""

import json
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from caucus.api.tests.test_decisions_base import DecisionsApiTestCase
from caucus.decisions.models import Meeting, Vote
from caucus.decisions.tests.helpers import make_motion


def last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


YEAR = timezone.now().year + 1
SPRING, AUTUMN = last_sunday(YEAR, 3), last_sunday(YEAR, 10)
GAP, TWICE = f"{SPRING}T02:30", f"{AUTUMN}T02:30"
OPENS = f"{YEAR}-01-10T12:00"


def utc(day: date, hour: int, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class LocalTimesTestCase(DecisionsApiTestCase):
    # --- Meetings through the web.

    def meeting_form(self, **fields) -> dict:
        data = {
            "title": "Autumn assembly",
            "starts": f"{SPRING}T01:00",
            "ends": f"{SPRING}T04:00",
            "time_zone": "Europe/Rome",
            "invited": [self.alpha.pk],
        }
        return data | fields

    def test_the_meeting_form_refuses_a_time_the_clocks_skip(self):
        self.client.force_login(self.coordinator)
        before = Meeting.objects.count()
        response = self.client.post(
            "/coalitions/united/meetings/new/", self.meeting_form(starts=GAP)
        )
        self.assertEqual(response.status_code, 400)
        error = response.context["form"].errors["starts"][0]
        self.assertIn("does not exist in Europe/Rome", error)
        self.assertIn("clocks jump forward", error)
        self.assertIn(f"{SPRING} 03:30 (UTC+02:00)", error)
        self.assertEqual(Meeting.objects.count(), before)

    def test_the_meeting_form_asks_which_repeated_time_then_takes_it(self):
        self.client.force_login(self.coordinator)
        data = self.meeting_form(starts=TWICE, ends=f"{AUTUMN}T05:00")
        response = self.client.post("/coalitions/united/meetings/new/", data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("happens twice", response.context["form"].errors["starts"][0])
        response = self.client.post("/coalitions/united/meetings/new/", data | {"starts_fold": "1"})
        self.assertEqual(response.status_code, 302)
        meeting = Meeting.objects.get(title="Autumn assembly")
        self.assertEqual(meeting.starts_at, utc(AUTUMN, 1))

    # --- Meetings through the API (schedule and reschedule).

    def test_the_api_refuses_a_skipped_time_and_takes_the_second_of_two(self):
        body = {"title": "Autumn assembly", "starts": GAP, "ends": f"{SPRING}T05:00"}
        body["time_zone"] = "Europe/Rome"
        fields = self.invalid("coordinator", "post", "/coalitions/united/meetings", body)
        self.assertIn("does not exist", fields["starts"][0])
        body.update(starts=TWICE, ends=f"{AUTUMN}T05:00")
        fields = self.invalid("coordinator", "post", "/coalitions/united/meetings", body)
        self.assertIn("happens twice", fields["starts"][0])
        made = self.ok(
            "coordinator",
            "post",
            "/coalitions/united/meetings",
            body | {"starts_fold": "0"},
            status=201,
        )
        self.assertEqual(made["starts_at"], f"{AUTUMN}T00:30:00Z")

    def test_rescheduling_into_a_gap_is_refused_and_changes_nothing(self):
        path = self.m
        fields = self.invalid(
            "coordinator", "patch", path, {"starts": GAP, "time_zone": "Europe/Rome"}
        )
        self.assertIn("starts", fields)
        changed = self.ok(
            "coordinator",
            "patch",
            path,
            {
                "starts": TWICE,
                "ends": f"{AUTUMN}T04:00",
                "time_zone": "Europe/Rome",
                "starts_fold": "1",
            },
        )
        self.assertEqual(changed["starts_at"], f"{AUTUMN}T01:30:00Z")
        # The form offers the stored reading back, so saving it unchanged changes nothing.
        self.client.force_login(self.coordinator)
        page = self.client.get(f"/coalitions/united/meetings/{self.meeting.pk}/edit/")
        self.assertEqual(page.context["form"].initial["starts_fold"], "1")

    # --- Votes: the closing time goes into the signed manifest.

    def vote_form(self, **fields) -> dict:
        data = {
            "rules": ["simple"],
            "quorum_percent": 50,
            "opens_at": OPENS,
            "closes_at": GAP,
            "time_zone": "Europe/Rome",
            "recorded": "on",
        }
        return data | fields

    def test_the_vote_form_refuses_a_closing_time_the_clocks_skip(self):
        motion = make_motion(self)
        self.client.force_login(self.coordinator)
        response = self.client.post(
            f"/coalitions/united/motions/{motion.pk}/vote/", self.vote_form()
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("does not exist", response.context["form"].errors["closes_at"][0])
        self.assertFalse(Vote.objects.filter(motion=motion).exists())

    def test_the_manifest_signs_the_repeated_closing_time_chosen(self):
        motion = make_motion(self)
        self.client.force_login(self.coordinator)
        url = f"/coalitions/united/motions/{motion.pk}/vote/"
        response = self.client.post(url, self.vote_form(closes_at=TWICE))
        self.assertIn("happens twice", response.context["form"].errors["closes_at"][0])
        response = self.client.post(url, self.vote_form(closes_at=TWICE, closes_at_fold="1"))
        self.assertEqual(response.status_code, 302)
        vote = Vote.objects.get(motion=motion)
        manifest = json.loads(vote.entries.get(height=0).payload)
        self.assertEqual(manifest["closes_at"], f"{AUTUMN}T01:30:00.000000Z")
        self.assertEqual(manifest["opens_at"], f"{YEAR}-01-10T11:00:00.000000Z")

    def test_the_api_opens_a_vote_only_with_an_existing_closing_time(self):
        motion = make_motion(self)
        path = f"/coalitions/united/motions/{motion.pk}/vote"
        body = {"rules": ["simple"], "opens_at": OPENS, "closes_at": GAP}
        body["time_zone"] = "Europe/Rome"
        fields = self.invalid("coordinator", "post", path, body)
        self.assertIn("does not exist", fields["closes_at"][0])
        body.update(closes_at=TWICE, closes_at_fold="0")
        made = self.ok("coordinator", "post", path, body, status=201)
        self.assertEqual(made["closes_at"], f"{AUTUMN}T00:30:00Z")
        self.assertEqual(made["manifest"]["closes_at"], f"{AUTUMN}T00:30:00.000000Z")

    def test_far_years_are_field_errors_not_server_errors(self):
        motion = make_motion(self)
        path = f"/coalitions/united/motions/{motion.pk}/vote"
        body = {"rules": ["simple"], "opens_at": OPENS}
        body |= {"closes_at": "9999-12-31T23:30", "time_zone": "America/Santiago"}
        fields = self.invalid("coordinator", "post", path, body)
        self.assertIn("too far in the past or future", fields["closes_at"][0])
