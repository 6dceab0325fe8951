"""In the browser, at a phone's and a laptop's width, in English and Arabic, with and without
JavaScript: what the dashboard says needs a delegate and a coordinator, and a removal that
asks first on a page of its own."""

import re

import pytest
from playwright.sync_api import Page, expect

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.decisions.tests.helpers import open_vote
from caucus.public.tests.browser.steps import sign_in
from caucus.testing.needs import host_proposal, meeting, open_amendment, open_statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs"),
]

WIDTHS = {"phone": 390, "laptop": 1366}
VARIANTS = [
    pytest.param(width, language, javascript, id=f"{width}-{language}-{js}")
    for width in WIDTHS
    for language in ("en", "ar")
    for javascript, js in ((True, "js"), (False, "no-js"))
]


@pytest.fixture
def needs(cast) -> None:
    """Something for the cast to do: a statement to sign, an amendment and a host's proposal
    to decide, a meeting coming up, a vote open."""
    statement = open_statement(cast.coalition)
    open_amendment(statement, cast.gamma)
    host_proposal(cast.coalition)
    meeting(cast.coalition)
    open_vote(cast)


def open_as(new_context, email: str, width: str, language: str, javascript: bool) -> Page:
    page = new_context(javascript=javascript).new_page()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, email)
    page.goto(f"/i18n/language/?language={language}&next=/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    return page


def assert_fits(page: Page, width: str) -> None:
    """Nothing sticks out sideways: the header's last control and the page body fit."""
    limit = WIDTHS[width] + 1
    sign_out = page.locator("header .site-account button")
    box = sign_out.bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= limit, box
    body = page.locator("main").bounding_box()
    assert body is not None and body["x"] + body["width"] <= limit, body


@pytest.mark.parametrize(("width", "language", "javascript"), VARIANTS)
def test_the_dashboard_says_what_needs_a_delegate_and_a_coordinator(
    cast, new_context, screenshot, width, language, javascript
):
    page = open_as(new_context, cast.delegate.email, width, language, javascript)
    needs = page.locator("section.needs-you")
    ballot = needs.locator("li.need-ballot")
    expect(ballot).to_contain_text("Solidarity with the dockers")
    expect(ballot.locator(".need-action a.button")).to_have_attribute(
        "href", re.compile(r"/votes/\d+/$")
    )
    signature = needs.locator("li.need-signature")
    expect(signature).to_contain_text("Declaration draft-declaration")
    expect(needs.locator("li.need-amendment")).to_have_count(0)  # delegates decide none
    expect(page.locator("section.coming-up li.need-meeting")).to_contain_text("Assembly")
    assert_fits(page, width)
    screenshot(page, "1-delegate")

    # The button signs for the organization; the item then leaves the dashboard.
    with page.expect_navigation():
        signature.locator("button[type=submit]").click()
    page.goto("/dashboard/")
    expect(page.locator("section.needs-you li.need-signature")).to_have_count(0)
    expect(page.locator("section.needs-you li.need-ballot")).to_have_count(1)

    page = open_as(new_context, cast.coordinator.email, width, language, javascript)
    needs = page.locator("section.needs-you")
    expect(needs.locator("li.need-amendment a.button")).to_have_attribute(
        "href", "/s/draft-declaration/amendments/1/"
    )
    expect(needs.locator("li.need-host_proposal")).to_contain_text("Neighbourhood Assembly")
    expect(page.locator("section[aria-labelledby=coalitions] .role-coordinator")).to_be_visible()
    assert_fits(page, width)
    screenshot(page, "2-coordinator")


@pytest.mark.parametrize(("width", "language", "javascript"), VARIANTS)
def test_removing_a_member_organization_asks_first(
    cast, new_context, screenshot, width, language, javascript
):
    row = CoalitionMembership.objects.get(organization=cast.gamma)
    remove = f"/coalitions/united/members/{row.pk}/remove/"
    page = open_as(new_context, cast.coordinator.email, width, language, javascript)
    page.goto("/coalitions/united/")
    with page.expect_navigation():
        page.locator(f'main a[href="{remove}"]').click()
    expect(page).to_have_url(re.compile(re.escape(remove) + "$"))
    expect(page.locator(".confirm-subject")).to_have_text("Gamma Union")
    assert_fits(page, width)
    screenshot(page, "1-confirm")
    row.refresh_from_db()
    assert row.status == MemberStatus.ACTIVE  # reading the page removed nothing

    with page.expect_navigation():  # changing one's mind
        page.locator(".confirm-buttons a").click()
    expect(page).to_have_url(re.compile(r"/coalitions/united/$"))
    row.refresh_from_db()
    assert row.status == MemberStatus.ACTIVE

    page.goto(remove)
    with page.expect_navigation():
        page.locator(".confirm-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/coalitions/united/$"))
    row.refresh_from_db()
    assert row.status == MemberStatus.LEFT
    invite_again = page.locator('main form[action="/coalitions/united/invite/"] button.secondary')
    expect(invite_again).to_be_visible()
    screenshot(page, "2-removed")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_publishing_shows_the_co_signing_tracker_first(cast, new_context, screenshot, width):
    page = open_as(new_context, cast.coordinator.email, width, "en", False)
    page.goto("/s/draft-declaration/draft/")
    tracker = page.locator("section.cosigning")
    expect(tracker.locator("tr.tracker-missing")).to_have_count(2)
    assert_fits(page, width)
    screenshot(page, "1-workspace")
    with page.expect_navigation():
        page.locator('main a[href="/s/draft-declaration/publish/"]').click()
    expect(page.locator("section.cosigning .cosigning-summary")).to_contain_text("0 of 2")
    screenshot(page, "2-publish-confirmation")
    with page.expect_navigation():
        page.locator(".confirm-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/s/draft-declaration/draft/$"))
    expect(page.locator(".messages")).to_contain_text("published")


def test_declining_a_coalitions_invitation_asks_first_on_a_phone_in_arabic_without_js(
    cast, new_context, screenshot
):
    """The dashboard's Decline button (a POST without `confirm`) shows the page that names
    the coalition and the organization; Cancel goes back, the page's button declines."""
    row = CoalitionMembership.objects.create(
        coalition=cast.coalition, organization=cast.beta, status=MemberStatus.INVITED
    )
    page = open_as(new_context, cast.outsider.email, "phone", "ar", False)
    invitation = page.locator("section.needs-you li.need-coalition_invitation")
    expect(invitation).to_contain_text("United Coalition")
    with page.expect_navigation():
        invitation.locator("button[value=decline]").click()
    expect(page.locator(".confirm-subject bdi")).to_have_text("United Coalition")
    consequence = page.locator(".confirm-consequence")
    expect(consequence.locator("bdi")).to_have_text(
        ["Beta Union", "United Coalition", "United Coalition", "Beta Union"]
    )
    assert_fits(page, "phone")
    screenshot(page, "1-confirm")
    row.refresh_from_db()
    assert row.status == MemberStatus.INVITED  # the first click declined nothing

    with page.expect_navigation():  # changing one's mind
        page.locator(".confirm-buttons a").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    row.refresh_from_db()
    assert row.status == MemberStatus.INVITED

    with page.expect_navigation():
        invitation.locator("button[value=decline]").click()
    with page.expect_navigation():
        page.locator(".confirm-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    row.refresh_from_db()
    assert row.status == MemberStatus.DECLINED
    expect(page.locator("section.needs-you li.need-coalition_invitation")).to_have_count(0)
    screenshot(page, "2-declined")
