"""A court hearing of the coalition in the campaign's month grid, in Chromium: marked as a
hearing beside the day's actions, at the reader's time (from the browser's zone) and the
court's, with a protected person's name and city withheld."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.solidarity.models import Case, CaseRecord, EntryKind, TimelineEntry

pytestmark = pytest.mark.browser


@pytest.fixture
def hearing(cast):
    campaign = make_campaign(cast.coalition)
    case = Case.objects.create(
        coalition=cast.coalition,
        organization=cast.alpha,
        slug="a-y",
        display_name="A.Y.",
        country="TR",
        status="on_trial",
        protected=True,
        published_at=timezone.now(),
    )
    CaseRecord.objects.create(case=case, full_name="Ayşe Yılmaz", city="Gebze")
    # Wednesday 5 March 2031, 09:30 at the court in Istanbul (06:30 UTC, 10:30 in Baku).
    court = datetime(2031, 3, 5, 9, 30, tzinfo=ZoneInfo("Europe/Istanbul"))
    TimelineEntry.objects.create(
        case=case,
        kind=EntryKind.HEARING,
        date=court.date(),
        starts_at=court.astimezone(ZoneInfo("UTC")),
        time_zone="Europe/Istanbul",
        place="Gebze Heavy Penal Court",
    )
    make_event(
        campaign,
        cast.gamma,
        title="Vigil in Santiago",
        city="Santiago",
        country="CL",
        zone="America/Santiago",
        start=datetime(2031, 3, 4, 19, 0),  # 02:00 on the 5th in Baku
    )
    return campaign


def test_hearing_in_the_month_grid(hearing, new_context, screenshot):
    page = new_context(timezone_id="Asia/Baku").new_page()
    page.goto(f"/campaigns/{hearing.slug}/calendar/?view=month&month=2031-03")
    # The script sets the zone cookie and reloads once; then days are counted in Baku.
    expect(page.locator(".calendar-grid").locator("xpath=preceding-sibling::p[1]")).to_contain_text(
        "Days are counted in Baku time, UTC+04:00"
    )
    day = page.locator(".calendar-grid li.day", has=page.locator("time[datetime='2031-03-05']"))
    court = day.locator("[data-hearing]")
    expect(court).to_have_count(1)
    expect(court).to_contain_text("Court hearing")
    expect(court).to_contain_text("10:30 A.Y.")
    expect(court).to_contain_text("(09:30 court time, Istanbul)")
    # The place names the city, so it is withheld whole (solidarity.secrecy).
    expect(court).not_to_contain_text("Heavy Penal Court")
    expect(day).to_contain_text("02:00 Vigil in Santiago")
    expect(day).to_contain_text("(Tue 4 19:00 local time)")  # Santiago's day and clock
    expect(page.locator("main")).not_to_contain_text("Gebze")
    expect(page.locator("main")).not_to_contain_text("Yılmaz")
    screenshot(page, "month-grid")

    # Without JavaScript, the selector gives the zone; the week view shows the hearing too.
    reader = new_context(javascript=False).new_page()
    reader.goto(f"/campaigns/{hearing.slug}/calendar/?view=week&week=2031-03-03&tz=UTC")
    court = reader.locator("[data-hearing]")
    expect(court).to_contain_text("06:30 A.Y.")
    expect(court).to_contain_text("(09:30 court time, Istanbul)")
    screenshot(reader, "week-grid")


def test_hearing_link_leads_to_the_public_case(hearing, new_context):
    page = new_context(javascript=False).new_page()
    page.goto(f"/campaigns/{hearing.slug}/calendar/?view=month&month=2031-03&tz=UTC")
    with page.expect_navigation():
        page.locator("[data-hearing] a").click()
    expect(page).to_have_url(re.compile(r"/cases/a-y/$"))
    expect(page.locator("main")).not_to_contain_text("Gebze")
