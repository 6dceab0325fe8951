"""Revoking a ballot key on a phone, in Arabic, without JavaScript (issue 14): the key list's
link leads to a page naming the device and the key; going back changes nothing, the page's
button revokes."""

import re

import pytest
from playwright.sync_api import expect

from caucus.decisions.models import BallotKeyState
from caucus.decisions.services import ballot_keys
from caucus.decisions.tests.test_ballot_keys import new_public
from caucus.public.tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_revoking_a_key_asks_first_on_a_phone_in_arabic_without_js(cast, new_context, screenshot):
    key = ballot_keys.key_register(
        organization=cast.gamma,
        actor=cast.gamma_admin,
        label="Gina's laptop",
        public_key=new_public(),
    )
    assert key.state == BallotKeyState.ACTIVE  # an admin's own key is active at once
    page = new_context(javascript=False).new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, cast.gamma_admin.email)
    page.goto("/i18n/language/?language=ar&next=/orgs/gamma/ballot-keys/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    revoke = page.locator(f'a[href="/orgs/gamma/ballot-keys/{key.pk}/revoke/"]')
    with page.expect_navigation():
        revoke.click()
    expect(page.locator(".confirm-subject bdi bdi").first).to_have_text("Gina's laptop")
    expect(page.locator(".confirm-consequence bdi")).to_have_text(["Gamma Union"])
    main = page.locator("main").bounding_box()
    assert main is not None and main["x"] >= 0 and main["x"] + main["width"] <= 391, main
    button = page.locator(".confirm-form button[type=submit]").bounding_box()
    assert button is not None and button["x"] >= 0 and button["x"] + button["width"] <= 391
    screenshot(page, "1-confirm")
    key.refresh_from_db()
    assert key.state == BallotKeyState.ACTIVE  # opening the page revoked nothing

    with page.expect_navigation():  # changing one's mind
        page.locator(".confirm-buttons a").click()
    expect(page).to_have_url(re.compile(r"/orgs/gamma/ballot-keys/$"))
    key.refresh_from_db()
    assert key.state == BallotKeyState.ACTIVE

    with page.expect_navigation():
        revoke.click()
    with page.expect_navigation():
        page.locator(".confirm-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/orgs/gamma/ballot-keys/$"))
    key.refresh_from_db()
    assert key.state == BallotKeyState.REVOKED
    expect(revoke).to_have_count(0)
    screenshot(page, "2-revoked")
