"""A delegate votes while the vote is open; another organization's member reads the ledger
and sees hashes but no choices; after the close the same page shows every choice."""

import json

import pytest
from playwright.sync_api import expect

from caucus.decisions.tests.helpers import expire, open_vote
from caucus.public.tests.browser.steps import sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ballots_stay_sealed_until_the_close(cast, new_context, screenshot):
    vote = open_vote(cast)
    cora = new_context().new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto(vote.get_absolute_url())
    cora.locator("main").get_by_label("Against", exact=True).check()
    submit(cora, "Cast ballot")
    receipt = cora.locator("#receipt").inner_text().strip()
    expect(cora.locator(".receipt")).to_contain_text("Your ballot “Against” is in the ledger.")
    screenshot(cora, "1-delegate-voted")

    gina = new_context().new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(vote.get_absolute_url() + "ledger/")
    expect(gina.locator(".sealed-note")).to_be_visible()
    expect(gina.locator("td.ballot-cell .sealed")).to_have_text("sealed")
    expect(gina.locator("main")).not_to_contain_text("Against")
    gina.fill("input[name=tracker]", receipt)
    with gina.expect_navigation():
        gina.locator("main").get_by_role("button", name="Look up").click()
    expect(gina.locator(".receipt-not-yours")).to_be_visible()
    screenshot(gina, "2-other-member-sees-sealed-ledger")
    download = gina.request.get(vote.get_absolute_url() + "ledger.json").json()
    ballot = next(e for e in download["entries"] if e["kind"] == "ballot")
    assert ballot["payload"] is None and len(ballot["signature"]) == 128

    expire(vote)
    gina.goto(vote.get_absolute_url() + "ledger/")
    expect(gina.locator("td.ballot-cell .ballot-choice")).to_have_text("alpha: Against")
    expect(gina.locator(".sealed-note")).to_have_count(0)
    screenshot(gina, "3-choices-after-the-close")
    download = gina.request.get(vote.get_absolute_url() + "ledger.json").json()
    ballot = next(e for e in download["entries"] if e["kind"] == "ballot")
    assert json.loads(ballot["opening"])["choice"] == "against"  # the commitment's opening
