"""A coalition from its creation to its public page: invite, accept, publish the member list."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from caucus.coalitions.models import Coalition, MemberStatus
from caucus.public.tests.browser.steps import follow, sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_coalition_invites_an_organization_and_goes_public(
    cast, new_context, screenshot, javascript
):
    cora = new_context(javascript=javascript).new_page()
    sign_in(cora, cast.coordinator.email)
    follow(cora, "Create a coalition")
    expect(cora).to_have_url(re.compile(r"/coalitions/new/$"))
    expect(cora.locator("select[name=organization]")).to_have_value(re.compile(r"\d+"))
    cora.fill("input[name=name]", "Southern Cone Coalition")
    cora.fill("input[name=slug]", "southern")
    cora.fill("textarea[name=description]", "Dockers and warehouse workers **together**.")
    screenshot(cora, "1-create")
    submit(cora, "Create coalition")
    expect(cora).to_have_url(re.compile(r"/coalitions/southern/$"))
    expect(cora.locator("section[aria-labelledby=coordinators]")).to_contain_text(
        "Cora Coordinator"
    )

    cora.select_option("select[name=organization]", "beta")
    submit(cora, "Invite")
    expect(cora.locator(".messages")).to_contain_text("Beta Union is invited.")
    expect(cora.locator("section[aria-labelledby=members] tbody tr")).to_have_count(2)
    screenshot(cora, "2-invited")

    assert [m.to for m in mail.outbox] == [[cast.outsider.email]]  # beta's admin
    link = re.search(r"http://\S+/dashboard/", mail.outbox[0].body)
    assert link is not None

    bob = new_context(javascript=javascript).new_page()
    sign_in(bob, cast.outsider.email, start=link.group())
    pending = bob.locator("section[aria-labelledby=needs-h]")
    expect(pending).to_contain_text("Southern Cone Coalition invites Beta Union to join.")
    screenshot(bob, "3-dashboard-invitation")
    with bob.expect_navigation():
        pending.get_by_role("button", name="Accept").click()
    expect(bob).to_have_url(re.compile(r"/coalitions/southern/$"))
    expect(bob.locator(".messages")).to_contain_text(
        "Beta Union is now a member of Southern Cone Coalition."
    )
    screenshot(bob, "4-accepted")

    cora.reload()
    expect(cora.locator("section[aria-labelledby=members] tbody")).to_contain_text("Active")
    follow(cora, "Edit the platform")
    cora.fill("textarea[name=points]", "Equal pay across borders.\n\nThe right to strike.")
    submit(cora, "Save a new version")
    expect(cora.locator(".messages")).to_contain_text("Version 1 of the platform is saved.")
    follow(cora, "Settings")
    expect(cora).to_have_url(re.compile(r"/coalitions/southern/edit/$"))
    cora.check("input[name=member_list][value=public]")
    expect(cora.locator("input[name=is_public]")).to_be_checked()
    screenshot(cora, "5-settings")
    submit(cora, "Save")
    expect(cora.locator(".messages")).to_contain_text("The coalition's settings are saved.")

    visitor = new_context(javascript=javascript).new_page()
    visitor.goto("/c/southern/")
    expect(visitor.locator("h1")).to_have_text("Southern Cone Coalition")
    expect(visitor.locator(".prose strong")).to_have_text("together")
    expect(visitor.locator("ol.platform li")).to_have_text(
        ["Equal pay across borders.", "The right to strike."]
    )
    members = visitor.locator("section[aria-labelledby=members]")
    expect(members.locator("h3")).to_have_text(["Argentina", "Türkiye"])
    expect(members.locator("h3 + ul")).to_have_text(["Beta Union", "Alpha Union"])
    screenshot(visitor, "6-public-page")

    coalition = Coalition.objects.get(slug="southern")
    assert sorted(coalition.memberships.values_list("organization__slug", "status")) == [
        ("alpha", MemberStatus.ACTIVE),
        ("beta", MemberStatus.ACTIVE),
    ]
