"""Signing in the browser: for an organization, and as a person (with and without JavaScript)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from caucus.public.tests.browser.steps import sign_in, submit
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.tests.helpers import make_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def declaration(cast):
    return make_statement(slug="declaration", coalition=cast.coalition)


def test_a_delegate_signs_for_their_organization(cast, declaration, page, screenshot):
    sign_in(page, cast.delegate.email)
    page.goto("/s/declaration/")
    section = page.locator("section.org-signing")
    expect(section).to_contain_text("Alpha Union")
    screenshot(page, "1-before")
    submit(page, "Sign for ALPHA")
    expect(page.locator(".messages")).to_contain_text("Alpha Union signed version 1.")
    expect(page.locator(".signatory-orgs")).to_contain_text("Alpha Union")
    expect(section).to_contain_text("Signed version 1")
    screenshot(page, "2-signed")
    signature = OrganizationSignature.objects.get()
    assert (signature.state, signature.version.number) == (OrgState.SIGNED, 1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_person_signs_confirms_and_appears(declaration, new_context, screenshot, javascript):
    page = new_context(javascript=javascript).new_page()
    page.goto("/s/declaration/")
    expect(page.locator(".signature-count")).to_contain_text("0 people have signed")
    form = page.locator("form.sign-form")
    form.get_by_label("Your name").fill("Nadia Signer")
    form.get_by_label("City").fill("Valparaíso")
    form.get_by_label("Country").select_option("CL")
    form.get_by_label("Email").fill("Nadia.Signer@Example.net")
    form.get_by_label("Show my name publicly").check()
    screenshot(page, "1-form")
    if javascript:  # htmx swaps the form for the answer in place
        form.get_by_role("button", name="Sign", exact=True).click()
        expect(page.locator(".sign-thanks")).to_contain_text("Check your email")
    else:
        submit(page, "Sign")
        expect(page).to_have_url(re.compile(r"/s/declaration/sign/thanks/$"))
    screenshot(page, "2-check-email")
    assert Signature.objects.get().state == State.PENDING

    assert [m.to for m in mail.outbox] == [["Nadia.Signer@Example.net"]]
    link = re.search(r"http://\S+/sign/confirm/\S+/", mail.outbox[0].body)
    assert link is not None
    page.goto(link.group())  # what a mail scanner does: it confirms nothing
    expect(page.locator("h1")).to_have_text("Confirm your signature")
    expect(page.locator("main")).to_contain_text("Nadia Signer")
    screenshot(page, "3-confirm-button")
    assert Signature.objects.get().state == State.PENDING
    submit(page, "Confirm my signature")
    expect(page.locator("h1")).to_have_text("Thank you: your signature counts")
    screenshot(page, "4-confirmed")
    assert Signature.objects.get().state == State.CONFIRMED
    page.goto(link.group())  # the link again, later
    expect(page.locator("h1")).to_have_text("Your signature was already confirmed")
    screenshot(page, "5-already")

    page.goto("/s/declaration/")
    expect(page.locator(".signature-count")).to_contain_text("1 person has signed")
    expect(page.locator(".signer-names")).to_contain_text("Nadia Signer")
    expect(page.locator("#signatures")).not_to_contain_text("example.net")
    screenshot(page, "6-counted")


def test_another_site_embeds_the_card_or_the_counter(declaration, page, screenshot):
    page.goto("/s/declaration/embed/")
    expect(page.locator(".embed-preview .caucus-card")).to_contain_text("Declaration declaration")
    expect(page.locator("#counter-code")).to_contain_text("/s/declaration/signatures/counter/")
    screenshot(page, "1-embed")
    page.goto("/s/declaration/signatures/counter/")
    expect(page.locator("body")).to_contain_text("0 signatures")
    screenshot(page, "2-counter")
    assert page.request.get("/s/declaration/signatures/count.json").json()["count"] == 0
