"""What a person does in the browser, step by step: sign in, press a button, read a code."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from caucus.test import PASSWORD, TOTP_SECRET


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show now, never one about to expire in transit."""
    left = 30 - time.time() % 30
    if left < 2:  # allauth accepts only the current 30-second period
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit(page: Page, name: str) -> None:
    """Press the submit button labelled `name` in the page's main content; wait for the answer."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def follow(page: Page, name: str) -> None:
    """Follow the link labelled `name` in the page's main content."""
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name, exact=True).click()


def sign_in(
    page: Page,
    email: str,
    *,
    secret: str | None = TOTP_SECRET,
    start: str = "/accounts/login/",
    then: str = r"/dashboard/$",
) -> None:
    """Sign in with email and password, then the authenticator code when the account has one.

    `start` is where the person begins (a link that asks them to sign in first) and `then` the
    address they should land on.
    """
    page.goto(start)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "Sign in")
    if secret is not None:
        expect(page.locator("input[name=code]")).to_be_visible()
        page.fill("input[name=code]", totp_code(secret))
        submit(page, "Sign In")
    expect(page).to_have_url(re.compile(then))


def reauthenticate_if_asked(page: Page) -> None:
    """allauth asks for the password again before adding a second factor to an account."""
    if "/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        submit(page, "Confirm")
