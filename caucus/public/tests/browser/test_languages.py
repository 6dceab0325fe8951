"""The language switcher in the header: Arabic turns the page right-to-left."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from caucus.coalitions.models import Coalition, CoalitionMembership, MemberStatus
from caucus.test import make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, code: str) -> None:
    switcher = page.locator("header form.lang")
    switcher.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()


def test_switching_to_arabic_and_spanish(page, screenshot):
    alpha, beta = make_org("alpha", "TR"), make_org("beta", "AR")
    coalition = Coalition.objects.create(
        slug="united", name="United Coalition", member_list="public"
    )
    for org in (alpha, beta):
        CoalitionMembership.objects.create(
            coalition=coalition,
            organization=org,
            status=MemberStatus.ACTIVE,
            invited_at=timezone.now(),
            joined_at=timezone.now(),
        )
    page.goto("/c/united/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")

    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/c/united/$"))  # back on the same page
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("United Coalition")
    expect(page.locator("h3", has_text="الأرجنتين")).to_be_visible()  # Argentina
    screenshot(page, "1-coalition-ar")
    page.goto("/")
    expect(html).to_have_attribute("dir", "rtl")
    screenshot(page, "2-home-ar")

    switch_language(page, "es")
    expect(html).to_have_attribute("lang", "es")
    expect(html).to_have_attribute("dir", "ltr")
    screenshot(page, "3-home-es")
