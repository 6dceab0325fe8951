"""Journeys in Chromium at 390 px and 1366 px, in English and Arabic, with and without
JavaScript: finding an action near a city, an RSVP confirmed at another address than
SITE_URL, and the map's links."""

import re
from datetime import datetime

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from caucus.browser_fixtures import ARTIFACTS
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import on_test_day

pytestmark = pytest.mark.browser

MATRIX = [
    pytest.param(width, lang, js, id=f"{width}-{lang}-{'js' if js else 'nojs'}")
    for width in (390, 1366)
    for lang in ("en", "ar")
    for js in (True, False)
]
ARGENTINA = "America/Argentina/Buenos_Aires"


@pytest.fixture
def campaign(cast):
    campaign = make_campaign(cast.coalition)
    for city, country, zone in [
        ("Buenos Aires", "AR", ARGENTINA),
        ("La Plata", "AR", ARGENTINA),
        ("Santiago", "CL", "America/Santiago"),
        ("Istanbul", "TR", "Europe/Istanbul"),
    ]:
        make_event(
            campaign,
            cast.alpha,
            city=city,
            country=country,
            zone=zone,
            title=f"Picket in {city}",
            address="Back room, 7 Quiet Lane",
            address_visibility="rsvp",
        )
    return campaign


def open_page(new_context, width: int, lang: str, js: bool) -> Page:
    """A page `width` px wide in `lang`, chosen as the language switcher does (a cookie)."""
    from django.conf import settings

    page = new_context(javascript=js).new_page()
    page.goto("/")
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": page.url}
    page.context.add_cookies([cookie])
    page.set_viewport_size({"width": width, "height": 900})
    return page


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize(("width", "lang", "js"), MATRIX)
@on_test_day
def test_find_an_action_near_a_city(campaign, new_context, screenshot, width, lang, js):
    page = open_page(new_context, width, lang, js)
    page.goto(campaign.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    assert_no_sideways_scroll(page)
    screenshot(page, "campaign")
    page.fill("#id_city", "la plata")
    page.select_option("#id_country", "AR")
    with page.expect_navigation():
        page.locator(".near-form button[type=submit]").click()
    places = page.locator(".near-place h3")
    expect(places).to_have_count(4)
    expect(places.nth(0)).to_contain_text("La Plata")
    expect(places.nth(1)).to_contain_text("Buenos Aires")
    unit = "كم" if lang == "ar" else "km"  # the unit in the page's language
    expect(places.nth(1).locator(".distance")).to_have_text(re.compile(rf"^\d{{2}} {unit}$"))
    expect(places.nth(3)).to_contain_text("Istanbul")
    expect(page.locator(".near-place .event-title").first).to_contain_text("Picket in La Plata")
    if lang == "ar":  # the Arabic comma between the city and its country
        expect(places.nth(1)).to_contain_text("Buenos Aires، ")
    assert_no_sideways_scroll(page)
    screenshot(page, "near")


@on_test_day
def test_a_shared_name_asks_which_city_without_javascript(campaign, new_context, screenshot):
    page = open_page(new_context, 390, "en", False)
    page.goto(f"/campaigns/{campaign.slug}/near/?city=Santiago")
    expect(page.locator("#which-h")).to_be_visible()
    with page.expect_navigation():
        page.locator(".near-choices a", has_text="Chile").click()
    expect(page.locator(".near-place h3").first).to_contain_text("Santiago")
    screenshot(page, "chosen")


@pytest.mark.parametrize(("width", "lang", "js"), MATRIX)
@on_test_day
def test_rsvp_confirmed_at_another_address_than_site_url(
    campaign, new_context, screenshot, settings, live_server, width, lang, js
):
    page = open_page(new_context, width, lang, js)
    # The browser reaches the site at localhost; SITE_URL names 127.0.0.1, as when a person
    # opens the site at an address the operator did not configure.
    settings.SITE_URL = live_server.url.replace("localhost", "127.0.0.1")
    assert settings.SITE_URL != live_server.url
    event = campaign.events.get(city="La Plata")
    page.goto(event.get_absolute_url())
    expect(page.locator("#nearby-h")).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, "event")
    page.fill("input[name=name]", "Pat Public")
    page.fill("input[name=email]", "pat@example.net")
    with page.expect_navigation():
        page.locator("form[action$='/rsvp/'] button[type=submit]").click()
    link = re.search(r"http://\S+/events/rsvp/confirm/\S+/", mail.outbox[-1].body).group(0)
    assert link.startswith(settings.SITE_URL)  # emailed links stay absolute
    path = link.removeprefix(settings.SITE_URL)
    page.goto(path)
    expect(page.locator("main")).not_to_contain_text("Quiet Lane")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-address]")).to_contain_text("Back room, 7 Quiet Lane")
    assert page.url.startswith(live_server.url + "/events/rsvp/")
    assert_no_sideways_scroll(page)
    screenshot(page, "confirmed")
    # The same link again: it says what it did and leads to the RSVP.
    page.goto(path)
    expect(page.locator("h1")).not_to_have_text("This link does not work")
    screenshot(page, "already")
    with page.expect_navigation():
        page.locator("main a.button").click()
    expect(page.locator("[data-address]")).to_contain_text("Back room, 7 Quiet Lane")
    screenshot(page, "again")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@on_test_day
def test_map_dots_lead_to_their_citys_actions(campaign, new_context, screenshot, js):
    page = open_page(new_context, 390, "en", js)
    page.goto(campaign.get_absolute_url())
    svg = page.locator("svg.world")
    assert svg.evaluate("e => getComputedStyle(e).touchAction") == "auto"
    expect(page.locator("details.map-table")).not_to_have_attribute("open", "")
    dot = page.locator('.points a[aria-label="Santiago: 1 action"]')
    expect(dot).to_have_count(1)
    if js:
        before = svg.get_attribute("viewBox")
        buenos_aires = page.locator('.points a[aria-label^="Buenos Aires"] circle')
        size = buenos_aires.bounding_box()["width"]
        page.locator('.countries a[data-country="AR"]').click(force=True)
        expect(svg).not_to_have_attribute("viewBox", before)
        expect(page.locator("[data-map-country-link]")).to_contain_text("Argentina: 2 actions")
        # Zoomed in, the dot is as large on screen as before.
        assert abs(buenos_aires.bounding_box()["width"] - size) < 1
        screenshot(page, "zoomed")
        page.locator("figure.campaign-map").screenshot(
            path=ARTIFACTS / "test_map_dots_lead_to_their_citys_actions-js-zoomed-map.png"
        )
        page.locator("[data-zoom=reset]").click()
    dot.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/calendar/\?country=CL&city=Santiago$"))
    expect(page.locator(".event-title")).to_have_text("Picket in Santiago")
    screenshot(page, "city")


@on_test_day
def test_the_phone_month_view_lists_only_busy_days(cast, campaign, new_context, screenshot):
    make_event(campaign, cast.alpha, start=datetime(2031, 3, 11, 9), title="Second day rally")
    page = open_page(new_context, 390, "en", False)
    page.goto(f"/campaigns/{campaign.slug}/calendar/?view=month&month=2031-03")
    shown = page.locator(".calendar-grid .day:visible")
    expect(shown).to_have_count(2)
    assert_no_sideways_scroll(page)
    screenshot(page, "agenda")
