"""Journeys in Chromium: Santiago times read from Baku, an RSVP's private address, a
cancellation reaching the feed and the page, and the map with and without JavaScript."""

import re
from datetime import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from caucus.campaigns.models import Event
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.public.tests.browser.steps import sign_in, submit
from caucus.test import on_test_day

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign(cast):
    return make_campaign(cast.coalition)


@on_test_day
def test_santiago_event_read_in_baku(campaign, new_context, screenshot):
    organizer = new_context().new_page()
    sign_in(organizer, "delegate@example.org")
    organizer.goto(f"/campaigns/{campaign.slug}/register/alpha/")
    organizer.fill("input[name=title]", "Rally in Santiago")
    organizer.select_option("select[name=kind]", "rally")
    organizer.fill("input[name=city]", "Santiago")
    organizer.select_option("select[name=country]", "CL")
    organizer.fill("input[name=start]", "2031-03-04T19:00")
    organizer.fill("input[name=end]", "2031-03-04T21:00")
    submit(organizer, "Save")
    expect(organizer.locator("h1")).to_have_text("Rally in Santiago")
    event = Event.objects.get()
    reader = new_context(javascript=False).new_page()
    reader.goto(event.get_absolute_url())
    # Without JavaScript the reader picks the zone with the selector.
    reader.fill("#reader-tz", "Asia/Baku")
    submit(reader, "Show my times")
    times = reader.locator(".when")
    expect(times.locator("time")).to_have_text("Tue 4 March 2031, 19:00–21:00")
    expect(times.locator(".zone")).to_have_text("(Santiago time, UTC−03:00)")
    expect(times.locator(".reader-time")).to_have_text(
        "· your time: Wed 5 March 2031, 02:00–04:00 (Baku time, UTC+04:00)"
    )
    screenshot(reader, "baku-reader")


@on_test_day
def test_rsvp_private_address_then_cancellation(
    cast, campaign, new_context, screenshot, live_server
):
    event = make_event(
        campaign,
        cast.alpha,
        address="Back room, 7 Quiet Lane",
        address_visibility="rsvp",
        start=datetime(2031, 3, 4, 18, 0),
    )
    page = new_context(javascript=False).new_page()
    page.goto(event.get_absolute_url())
    expect(page.locator("[data-address]")).not_to_contain_text("Quiet Lane")
    page.fill("input[name=name]", "Pat Public")
    page.fill("input[name=email]", "pat@example.net")
    submit(page, "RSVP")
    expect(page.locator("h1")).to_have_text("Check your email")
    link = re.search(r"http://\S+/events/rsvp/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator("main")).not_to_contain_text("Quiet Lane")
    submit(page, "Confirm")
    expect(page.locator("[data-address]")).to_contain_text("Back room, 7 Quiet Lane")
    screenshot(page, "rsvp-confirmed")

    organizer = new_context().new_page()
    sign_in(organizer, "editor@example.org")
    organizer.goto(f"/events/{event.uid}/status/")
    organizer.select_option("select[name=status]", "cancelled")
    organizer.fill("textarea[name=note]", "Called off because of the storm")
    submit(organizer, "Change status")
    expect(organizer.locator(".status")).to_contain_text("Cancelled")
    assert any("storm" in m.body for m in mail.outbox)
    page.goto(event.get_absolute_url())
    expect(page.locator(".status")).to_contain_text("Called off because of the storm")
    expect(page.get_by_role("button", name="RSVP")).to_have_count(0)
    screenshot(page, "cancelled-page")
    ics = page.request.get(f"{live_server.url}/campaigns/{campaign.slug}/calendar.ics").text()
    assert "STATUS:CANCELLED" in ics and "Quiet Lane" not in ics


@pytest.mark.parametrize("javascript", [False, True])
@on_test_day
def test_map_page(cast, campaign, new_context, screenshot, javascript):
    for city, cc, zone, lat, lon in [
        ("Istanbul", "TR", "Europe/Istanbul", 41.0, 28.9),
        ("Lima", "PE", "America/Lima", -12.0, -77.0),
        ("Baku", "AZ", "Asia/Baku", 40.4, 49.9),
    ]:
        make_event(
            campaign, cast.alpha, city=city, country=cc, zone=zone, latitude=lat, longitude=lon
        )
    page = new_context(javascript=javascript).new_page()
    page.goto(f"/campaigns/{campaign.slug}/map/")
    expect(page.locator("svg.world circle")).to_have_count(3)
    expect(page.locator("[data-map-table] tbody tr")).to_have_count(3)
    tools = page.locator("[data-map-tools]")
    if javascript:
        expect(tools).to_be_visible()
        page.get_by_role("button", name="Zoom in").click()
        expect(page.locator("svg.world")).not_to_have_attribute("viewBox", "0 0 360 180")
        page.fill("[data-map-filter]", "Peru")
        expect(page.locator("[data-map-table] tbody tr:visible")).to_have_count(1)
    else:
        expect(tools).to_be_hidden()
    screenshot(page, "map")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@on_test_day
def test_an_rsvp_from_an_address_that_answered_looks_like_a_new_one(
    cast, campaign, new_context, screenshot, javascript
):
    """Audit #6: a second RSVP from one address said so; now only the owner's inbox knows."""
    event = make_event(campaign, cast.alpha, start=datetime(2031, 3, 4, 18, 0))
    pages = {}
    for step, email in [("first", "pat@example.net"), ("fresh", "sam@example.net")]:
        pages[step] = new_context(javascript=javascript).new_page()
        page = pages[step]
        page.goto(event.get_absolute_url())
        page.fill("input[name=name]", "Probe")
        page.fill("input[name=email]", email)
        submit(page, "RSVP")
    probe = new_context(javascript=javascript).new_page()  # someone testing Pat's address
    probe.goto(event.get_absolute_url())
    probe.fill("input[name=name]", "Probe")
    probe.fill("input[name=email]", "PAT@example.net")
    submit(probe, "RSVP")
    expect(probe.locator("h1")).to_have_text("Check your email")
    screenshot(pages["fresh"], "1-new-address")
    screenshot(probe, "2-address-that-answered")
    assert probe.locator("main").inner_text() == pages["fresh"].locator("main").inner_text()
    reminder = mail.outbox[-1]
    assert reminder.to == ["pat@example.net"] and "already answered" in reminder.subject
    link = re.search(r"http://\S+/events/rsvp/confirm/\S+/", reminder.body).group(0)
    pages["first"].goto(link)
    submit(pages["first"], "Confirm")
    expect(pages["first"].locator("h1")).to_have_text("Your RSVP")
    expect(pages["first"].locator("main")).to_contain_text("Rally in Istanbul")
    screenshot(pages["first"], "3-owner-confirmed-from-the-reminder")
