"""A meeting, a motion, a vote with a changed ballot, the result, a receipt and the verifier."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from caucus.decisions.models import Vote
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.public.tests.browser.steps import sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def vote(page: Page, choice: str) -> str:
    page.locator("main").get_by_label(choice, exact=True).check()
    submit(page, "Cast ballot")
    expect(page.locator(".messages")).to_contain_text("Your ballot is recorded")
    return page.locator("#receipt").inner_text().strip()


def test_meeting_motion_vote_result_receipt_and_verifier(cast, new_context, screenshot):
    cora = new_context().new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto("/coalitions/united/meetings/new/")
    cora.fill("input[name=title]", "General assembly")
    cora.fill("input[name=starts]", "2026-09-14T18:00")
    cora.fill("input[name=ends]", "2026-09-14T20:00")
    cora.select_option("select[name=time_zone]", "Europe/Istanbul")
    cora.fill("textarea[name=agenda]", "Opening\nReport of the secretariat\nResolutions")
    screenshot(cora, "1-schedule")
    submit(cora, "Schedule")
    expect(cora.locator("ol.agenda li")).to_have_count(3)
    expect(cora.locator(".meeting-start time")).to_have_text("Mon 14 September 2026, 18:00")
    expect(cora.locator(".meeting-start .zone")).to_have_text("(Istanbul time, UTC+03:00)")

    with cora.expect_navigation():
        cora.get_by_role("link", name="Propose a motion").click()
    cora.fill("input[name=title]", "Solidarity with the dockers on trial")
    cora.fill("textarea[name=text]", "The coalition **stands** with them.")
    submit(cora, "Propose")
    with cora.expect_navigation():
        cora.get_by_role("link", name="Put to a vote").click()
    now = timezone.now()
    cora.fill("input[name=opens_at]", (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    cora.fill("input[name=closes_at]", (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    screenshot(cora, "2-open-vote")
    submit(cora, "Open the vote")
    expect(cora.locator("main")).to_contain_text("Choices stay sealed until voting closes")
    vote_url = cora.url
    vote(cora, "For")
    screenshot(cora, "3-receipt")

    gina = new_context().new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(vote_url)
    vote(gina, "Against")
    receipt = vote(gina, "For")
    expect(gina.locator(".own-choice")).to_have_text("For")

    expire(Vote.objects.get())
    cora.goto(vote_url)
    year = timezone.now().year
    expect(cora.locator(".outcome")).to_contain_text(f"Adopted — Resolution {year}/1")
    expect(cora.locator("table.result tr").nth(0)).to_have_text(re.compile(r"For\s*2"))
    screenshot(cora, "4-result")

    gina.goto(vote_url + "ledger/")
    gina.fill("input[name=tracker]", receipt)
    with gina.expect_navigation():
        gina.locator("main").get_by_role("button", name="Look up").click()
    expect(gina.locator(".receipt-counted")).to_contain_text("it is the one that counts")
    screenshot(gina, "5-receipt-found")
    gina.goto(vote_url + "verify/")
    expect(gina.locator(".verify-ok")).to_contain_text("OK")
    screenshot(gina, "6-verified")


def test_voting_works_without_javascript(cast, new_context, screenshot):
    ballot_vote = open_vote(cast)
    gina = new_context(javascript=False).new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(ballot_vote.get_absolute_url())
    vote(gina, "Abstain")
    receipt = vote(gina, "For")
    assert re.fullmatch(r"[0-9a-f]{64}", receipt)
    expect(gina.locator(".own-choice")).to_have_text("For")
    screenshot(gina, "1-voted-no-js")
    assert ballot_vote.entries.filter(kind="ballot").count() == 2
