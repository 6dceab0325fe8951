"""The language switcher in the header: Arabic turns the page right-to-left."""

import re

import pytest
from playwright.sync_api import Page, expect

from caucus.coalitions.models import MemberListVisibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, code: str) -> None:
    switcher = page.locator("header form.lang")
    switcher.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()


def test_switching_to_arabic_and_spanish(cast, page, screenshot):
    cast.coalition.member_list = MemberListVisibility.PUBLIC  # members by country, named
    cast.coalition.save(update_fields=["member_list"])
    page.goto("/c/united/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")

    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/c/united/$"))  # back on the same page
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("United Coalition")
    expect(page.locator("h3", has_text="تشيلي")).to_be_visible()  # Chile, gamma's country
    screenshot(page, "1-coalition-ar")
    page.goto("/")
    expect(html).to_have_attribute("dir", "rtl")
    screenshot(page, "2-home-ar")

    switch_language(page, "es")
    expect(html).to_have_attribute("lang", "es")
    expect(html).to_have_attribute("dir", "ltr")
    screenshot(page, "3-home-es")
