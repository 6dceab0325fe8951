"""Meetings in the browser: minutes approved by a motion; a meeting rescheduled and its agenda
reordered, seen by a delegate in their own time zone, with and without JavaScript."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from caucus.decisions.models import Vote
from caucus.decisions.services import meetings, plan
from caucus.decisions.tests.helpers import expire, make_motion
from caucus.public.tests.browser.steps import follow, sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def schedule(cast, **fields):
    data = {
        "coalition": cast.coalition,
        "actor": cast.coordinator,
        "title": "General assembly",
        "starts": datetime(2027, 3, 10, 18, 0),
        "ends": datetime(2027, 3, 10, 20, 0),
        "time_zone": "Europe/Istanbul",
        "online_link": "https://meet.example.org/assembly",
        "invited": [cast.alpha, cast.gamma],
        "agenda": ["Opening", "Report of the secretariat", "Resolutions", "Any other business"],
    }
    data.update(fields)
    return meetings.meeting_schedule(**data)


def cast_ballot(page: Page, choice: str) -> None:
    page.locator("main").get_by_label(choice, exact=True).check()
    submit(page, "Cast ballot")
    expect(page.locator(".messages")).to_contain_text("Your ballot is recorded")


def test_minutes_approved_by_a_motion(cast, new_context, screenshot):
    now = timezone.now()
    meeting = schedule(
        cast,
        starts=(now - timedelta(days=2)).replace(tzinfo=None),
        ends=(now - timedelta(days=2, hours=-2)).replace(tzinfo=None),
        time_zone="UTC",
    )
    cora = new_context().new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto(meeting.get_absolute_url() + "minutes/")
    cora.fill(
        "textarea[name=text]",
        "## Decisions\n\n1. The platform is adopted.\n2. A day of action on 1 May.",
    )
    submit(cora, "Save minutes")
    expect(cora.locator(".messages")).to_contain_text("A new version of the minutes is saved")
    screenshot(cora, "1-minutes-written")

    follow(cora, "Propose approval by a motion")
    expect(cora.locator("input[name=title]")).to_have_value(re.compile("Approval of the minutes"))
    submit(cora, "Propose")
    expect(cora.locator("main")).to_contain_text("If adopted, version 1 of the minutes")
    follow(cora, "Put to a vote")
    cora.fill("input[name=opens_at]", (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    cora.fill("input[name=closes_at]", (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    submit(cora, "Open the vote")
    vote_url = cora.url
    cast_ballot(cora, "For")

    gina = new_context().new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(vote_url)
    cast_ballot(gina, "For")

    expire(Vote.objects.get())
    year = timezone.now().year
    cora.goto(vote_url)
    expect(cora.locator(".outcome")).to_contain_text(f"Adopted — Resolution {year}/1")
    screenshot(cora, "2-vote-closed")
    gina.goto(meeting.get_absolute_url())
    expect(gina.locator(".minutes-state")).to_have_text(
        f"Version 1, approved by Resolution {year}/1."
    )
    screenshot(gina, "3-meeting-minutes-approved")
    gina.goto(meeting.get_absolute_url() + "minutes/")
    expect(gina.locator(".minutes-version h2 .badge")).to_have_text("Approved")
    expect(gina.locator(".minutes-version")).to_contain_text(f"Approved by Resolution {year}/1.")
    screenshot(gina, "4-minutes-page")


def agenda_titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("ol.agenda .agenda-title").all_inner_texts()]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_rescheduled_meeting_with_a_reordered_agenda(cast, new_context, screenshot, javascript):
    meeting = schedule(cast)
    mail.outbox.clear()
    cora = new_context(javascript=javascript).new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto(meeting.get_absolute_url())
    follow(cora, "Edit or reschedule")
    expect(cora.locator("input[name=starts]")).to_have_value("2027-03-10T18:00")
    cora.fill("input[name=starts]", "2027-03-11T17:30")
    cora.fill("input[name=ends]", "2027-03-11T19:30")
    screenshot(cora, "1-reschedule-form")
    submit(cora, "Save changes")
    expect(cora.locator(".messages")).to_contain_text("the invited organizations are told")
    expect(cora.locator(".meeting-rescheduled")).to_contain_text(
        "This meeting has been rescheduled."
    )
    expect(cora.locator(".meeting-start time")).to_have_text("Thu 11 March 2027, 17:30")
    expect(cora.locator(".meeting-start .zone")).to_have_text("(Istanbul time, UTC+03:00)")
    # Everyone in the invited organizations (the five people of alpha, gamma's admin), each
    # with the updated .ics.
    alpha = [cast.coordinator, cast.org_admin, cast.editor, cast.delegate, cast.nomfa]
    invited = sorted(person.email for person in [*alpha, cast.gamma_admin])
    assert sorted(m.to[0] for m in mail.outbox) == invited
    assert "SEQUENCE:1" in str(mail.outbox[0].attachments[0][1])

    with cora.expect_navigation():
        cora.locator("main").get_by_role("button", name="Move “Resolutions” up").click()
    assert agenda_titles(cora) == [
        "Opening",
        "Resolutions",
        "Report of the secretariat",
        "Any other business",
    ]
    with cora.expect_navigation():  # removing asks first, on a page of its own
        cora.locator("main").get_by_role("link", name="Remove “Any other business”").click()
    expect(cora.locator("main")).to_contain_text("Any other business")
    with cora.expect_navigation():
        cora.locator("main").get_by_role("button", name="Remove the item").click()
    expect(cora.locator(".messages")).to_contain_text("“Any other business” is removed")
    assert agenda_titles(cora) == ["Opening", "Resolutions", "Report of the secretariat"]
    screenshot(cora, "2-agenda-reordered")

    gina = new_context(javascript=javascript, timezone_id="Asia/Baku").new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(meeting.get_absolute_url())
    if not javascript:  # the selector does what the script does on its own
        gina.fill("#reader-tz", "Asia/Baku")
        with gina.expect_navigation():
            gina.locator("main").get_by_role("button", name="Show my times").click()
    expect(gina.locator(".meeting-start .reader-time")).to_have_text(
        "· your time: 18:30 (Baku time, UTC+04:00)"  # the same day in Baku: the time alone
    )
    first = gina.locator(".meeting-rescheduled")
    expect(first).to_contain_text("It was first planned to start at")
    expect(first.locator("time")).to_have_text("Wed 10 March 2027, 18:00")
    expect(first.locator(".reader-time")).to_have_text("· your time: 19:00 (Baku time, UTC+04:00)")
    assert agenda_titles(gina) == ["Opening", "Resolutions", "Report of the secretariat"]
    expect(gina.locator("main")).not_to_contain_text("Edit or reschedule")
    screenshot(gina, "3-delegate-sees-new-time")

    mail.outbox.clear()
    cora.goto(meeting.get_absolute_url())
    follow(cora, "Cancel the meeting")
    cora.fill("textarea[name=reason]", "The platform is postponed to the autumn assembly.")
    submit(cora, "Cancel the meeting")
    expect(cora.locator(".meeting-cancelled")).to_contain_text("This meeting was cancelled on")
    assert "STATUS:CANCELLED" in str(mail.outbox[0].attachments[0][1])
    gina.reload()
    expect(gina.locator(".meeting-state")).to_have_text("Cancelled")
    expect(gina.locator(".meeting-cancelled")).to_contain_text("postponed to the autumn")
    screenshot(gina, "4-delegate-sees-cancelled")


def test_agenda_link_picker_and_the_workspace_action_plan(cast, new_context, screenshot):
    """Without JavaScript: an item about one of the coalition's motions, picked from a list;
    a responsible organization moves its action along from the member workspace."""
    meeting = schedule(cast)
    motion = make_motion(cast, "Solidarity with the dockers on trial")
    action = plan.action_create(
        coalition=cast.coalition,
        actor=cast.coordinator,
        text="Translate the declaration",
        responsible=[cast.gamma],
    )
    cora = new_context(javascript=False).new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto(meeting.get_absolute_url())
    cora.locator("summary", has_text="Add an agenda item").click()
    cora.fill("input[name=title]", "Vote on the dockers")
    cora.select_option("select[name=target]", f"motion:{motion.pk}")
    screenshot(cora, "1-picker")
    submit(cora, "Add item")
    last = cora.locator("ol.agenda > li").last
    expect(last).to_contain_text("Vote on the dockers")
    expect(last.get_by_role("link", name=motion.title)).to_have_attribute(
        "href", motion.get_absolute_url()
    )
    screenshot(cora, "2-linked-item")

    gina = new_context(javascript=False).new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto("/coalitions/united/")
    row = gina.locator(f"#action-{action.pk}")
    row.get_by_label("Status of “Translate the declaration”").select_option("in_progress")
    with gina.expect_navigation():
        row.get_by_role("button", name="Update the status of “Translate the declaration”").click()
    expect(gina).to_have_url(re.compile(r"/coalitions/united/#action-\d+$"))
    expect(gina.locator(".messages")).to_contain_text("is now: In progress")
    expect(gina.locator(f"#ws-status-{action.pk}")).to_have_value("in_progress")
    screenshot(gina, "3-workspace-action-updated")
