"""Joining an organization by invitation, up to the second factor, and creating a body."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from caucus.organizations.models import Membership, Role
from caucus.public.tests.browser.steps import (
    follow,
    reauthenticate_if_asked,
    sign_in,
    submit,
    totp_code,
)
from caucus.test import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MFA_NOTICE = "To act here for your organization, first protect your account"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_invited_person_joins_and_sets_up_two_factor(cast, new_context, screenshot, javascript):
    admin = new_context(javascript=javascript).new_page()
    sign_in(admin, cast.org_admin.email)
    admin.goto("/orgs/alpha/")
    invite = admin.locator("section[aria-labelledby=invite]")
    invite.locator("input[name=email]").fill("nadia@example.org")
    invite.locator("select[name=role]").select_option("editor")
    submit(admin, "Send invitation")
    expect(admin.locator(".messages")).to_contain_text("Invitation sent to nadia@example.org.")
    screenshot(admin, "1-invited")

    assert [m.to for m in mail.outbox] == [["nadia@example.org"]]
    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[0].body)
    assert link is not None

    nadia = new_context(javascript=javascript).new_page()
    nadia.goto(link.group())
    expect(nadia.locator("h1")).to_have_text("Join Alpha Union")
    nadia.fill("input[name=name]", "Nadia Newcomer")
    nadia.fill("input[name=password1]", PASSWORD)
    nadia.fill("input[name=password2]", PASSWORD)
    screenshot(nadia, "2-join-form")
    submit(nadia, "Create my account and join")
    expect(nadia).to_have_url(re.compile(r"/orgs/alpha/$"))
    expect(nadia.locator(".notice")).to_contain_text(MFA_NOTICE)
    screenshot(nadia, "3-dashboard-without-mfa")

    response = nadia.goto("/orgs/alpha/edit/")
    assert response is not None and response.status == 403
    expect(nadia.locator("h1")).to_have_text("Two-factor authentication needed")
    screenshot(nadia, "4-mfa-needed")

    follow(nadia, "Set up an authenticator app")
    if "/reauthenticate/" in nadia.url:
        screenshot(nadia, "5-password-again")
    reauthenticate_if_asked(nadia)
    expect(nadia).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = nadia.locator("#authenticator_secret").input_value()
    screenshot(nadia, "6-activate-totp")
    nadia.fill("input[name=code]", totp_code(secret))
    submit(nadia, "Activate")
    screenshot(nadia, "7-activated")

    response = nadia.goto("/orgs/alpha/edit/")
    assert response is not None and response.status == 200
    expect(nadia.locator("h1")).to_have_text("Edit the profile of Alpha Union")
    nadia.goto("/orgs/alpha/")
    expect(nadia.locator(".notice")).to_have_count(0)
    assert Membership.objects.get(user__email="nadia@example.org").role == Role.EDITOR


def test_admin_creates_a_body(cast, page, screenshot):
    sign_in(page, cast.org_admin.email)
    page.goto("/orgs/alpha/")
    follow(page, "Create a body")
    page.fill("input[name=name]", "Executive Committee")
    page.fill("textarea[name=description]", "Elected by the congress every two years.")
    screenshot(page, "1-form")
    submit(page, "Create body")

    expect(page).to_have_url(re.compile(r"/orgs/alpha/$"))
    expect(page.locator(".messages")).to_contain_text("The body is created.")
    expect(page.locator("#bodies + ul")).to_have_text("Executive Committee")
    screenshot(page, "2-listed")
    page.goto("/o/alpha/")
    expect(page.locator("article")).to_contain_text("Executive Committee")
    assert cast.alpha.bodies.get().slug == "executive-committee"
