"""Journeys in Chromium: a coordinator (a delegate who coordinates) translates the campaign into
Greek; a Greek reader gets the Greek interface and the Greek campaign, and its calendar in
Greek; an Azerbaijani reader is told the campaign is not yet in Azərbaycanca, then reads it
once it is; an Arabic reader gets the page right to left with the content left to right.
Readers choose their language in the header's switcher."""

import re

import pytest
from playwright.sync_api import Page, expect

from caucus.campaigns.demo_translations import CAMPAIGN as DEMO
from caucus.campaigns.models import CampaignTranslation
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.public.tests.browser.steps import follow, sign_in, submit
from caucus.test import on_test_day

pytestmark = pytest.mark.browser
URL = "/campaigns/spring/"


@pytest.fixture
def campaign(cast):
    coalition = cast.coalition
    coalition.is_public = True
    coalition.save()
    campaign = make_campaign(coalition)
    campaign.description = "Local actions in **every** city. Find the nearest one."
    campaign.save()
    make_event(campaign, cast.alpha, day_of_action=campaign.days.order_by("date").first())
    make_event(campaign, cast.gamma, city="Santiago", country="CL", zone="America/Santiago")
    return campaign


def reader(new_context, language: str) -> Page:
    """A reader who chose `language` in the header's language switcher (its cookie)."""
    page = new_context().new_page()
    page.goto(URL)
    page.select_option("#lang-select", language)
    with page.expect_navigation():
        page.locator("form.lang button").click()
    return page


def fill_translation(page: Page, campaign, language: str, entry: dict) -> None:
    """The side-by-side form: each text of the campaign, in `language`."""
    page.select_option("#id_language", language)
    for name in ("title", "summary", "description"):
        page.fill(f'[name="{name}"]', entry[name])
    groups = {
        "days": campaign.days.order_by("date", "pk"),
        "demands": campaign.demands.order_by("position"),
    }
    for group, rows in groups.items():
        for row, text in zip(rows, entry[group], strict=False):
            page.fill(f'[name="{group}.{row.pk}"]', text)


GREEK = {
    "title": "Άνοιξη της δράσης",
    "summary": "Δύο εβδομάδες τοπικών δράσεων.",
    "description": "Τοπικές δράσεις σε **κάθε** πόλη. Βρείτε την πιο κοντινή.",
    "days": ["Πρώτη μέρα δράσης", "Δεύτερη μέρα δράσης"],
    "demands": ["Δίκαιοι μισθοί", "Ελεύθερα συνδικάτα"],
}


@on_test_day
def test_a_delegate_translates_the_campaign_and_readers_get_their_language(
    campaign, new_context, screenshot
):
    # Before any translation: the Azerbaijani reader is told, in the Azerbaijani interface.
    baku = reader(new_context, "az")
    baku.goto(URL)
    expect(baku.locator("html")).to_have_attribute("lang", "az")
    expect(baku.locator(".notice.fallback")).to_contain_text("Azərbaycanca")
    expect(baku.locator(".notice.fallback")).to_contain_text("English")
    expect(baku.locator("h1")).to_have_text("Spring of Action")
    screenshot(baku, "az-fallback")

    # The coordinator, a delegate of alpha, translates it into Greek from the campaign page.
    delegate = new_context().new_page()
    sign_in(delegate, "coordinator@example.org")
    delegate.goto(URL)
    follow(delegate, "Translations")
    follow(delegate, "Add a translation")
    expect(delegate.locator(".source-text").first).to_have_text("Spring of Action")
    fill_translation(delegate, campaign, "el", GREEK)
    delegate.fill("input[name=translator]", "Eleni P.")
    submit(delegate, "Save the translation")
    expect(delegate.locator(".message")).to_be_visible()
    screenshot(delegate, "translator-form")
    assert CampaignTranslation.objects.get().title == GREEK["title"]

    # A Greek reader: the Greek interface and the Greek campaign, no notice.
    athens = reader(new_context, "el")
    athens.goto(URL)
    expect(athens.locator("html")).to_have_attribute("lang", "el")
    expect(athens.locator("h1")).to_have_text(GREEK["title"])
    expect(athens.locator("h1")).to_have_attribute("lang", "el")
    expect(athens.locator("#demands ~ ol")).to_contain_text("Ελεύθερα συνδικάτα")
    expect(athens.locator(".notice.fallback")).to_have_count(0)
    expect(athens.locator("nav.languages")).to_contain_text("English")
    screenshot(athens, "el-reader")

    # The campaign's calendar, from the link on the Greek page, is in Greek.
    href = athens.locator("a", has_text=re.compile("^iCalendar")).first.get_attribute("href")
    assert href.endswith("?lang=el"), href
    calendar = athens.request.get(href).text()
    assert f"X-WR-CALNAME:{GREEK['title']} · Caucus" in calendar.replace("\r\n ", "")
    assert "Πρώτη μέρα δράσης" in calendar.replace("\r\n ", "")

    # The Azerbaijani translation: the reader now gets it, without a notice.
    delegate.goto(URL + "translations/new/")
    fill_translation(delegate, campaign, "az", DEMO["az"])
    submit(delegate, "Save the translation")
    baku.goto(URL)
    expect(baku.locator("h1")).to_have_text(DEMO["az"]["title"])
    expect(baku.locator(".notice.fallback")).to_have_count(0)
    screenshot(baku, "az-reader")


@on_test_day
def test_an_arabic_reader_gets_the_page_right_to_left_and_the_text_left_to_right(
    campaign, new_context, screenshot
):
    cairo = reader(new_context, "ar")
    cairo.goto(URL)
    expect(cairo.locator("html")).to_have_attribute("dir", "rtl")
    expect(cairo.locator("h1")).to_have_attribute("dir", "ltr")
    expect(cairo.locator(".notice.fallback")).to_contain_text("العربية")
    # The English summary keeps its full stop at its end: it is laid out left to right.
    box = cairo.locator("p.lead").bounding_box()
    assert box is not None
    screenshot(cairo, "ar-fallback")
