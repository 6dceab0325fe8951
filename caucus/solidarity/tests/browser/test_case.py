"""A coordinator adds a hearing to a protected case; a supporter sees it and follows by email.
A coordinator editing a protected case is refused a field that names the person."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from caucus.public.tests.browser.steps import sign_in, submit
from caucus.solidarity.models import Case, CaseRecord, Follower

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRETS = ["Ayşe Yılmaz", "Yılmaz", "Gebze"]


@pytest.fixture
def protected_case(cast):
    """alpha's case in the coalition: a person the public knows only as A.Y."""
    case = Case.objects.create(
        coalition=cast.coalition,
        organization=cast.alpha,
        slug="ay",
        display_name="A.Y.",
        country="TR",
        protected=True,
        summary="A shop steward from Gebze, detained.",
        status="detained",
        published_at=timezone.now(),
    )
    CaseRecord.objects.create(case=case, full_name="Ayşe Yılmaz", city="Gebze")
    return case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_hearing_on_a_protected_case_and_following_it(
    cast, protected_case, new_context, screenshot, javascript
):
    cora = new_context(javascript=javascript).new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto("/coalitions/united/")
    cora.locator("main").get_by_role("link", name="Solidarity cases").click()
    cora.locator("main").get_by_role("link", name="A.Y.").click()
    expect(cora).to_have_url(re.compile(r"/coalitions/united/cases/ay/$"))
    expect(cora.locator(".full-name")).to_have_text("Ayşe Yılmaz")
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = cora.locator("#entry-form")
    form.locator("#id_kind").select_option("hearing")
    form.locator("#id_date").fill(day)
    form.locator("#id_time").fill("09:30")
    form.locator("#id_time_zone").select_option("Europe/Istanbul")
    form.locator("#id_place").fill("Heavy Penal Court No. 2")
    form.locator("#id_note").fill("Vigil outside the court from 08:30.")
    screenshot(cora, "1-add-hearing")
    submit(cora, "Add the entry")
    expect(cora.locator(".messages")).to_contain_text("The entry is added to the timeline.")

    reader = new_context(javascript=javascript, timezone_id="America/Santiago").new_page()
    reader.goto("/cases/ay/")
    expect(reader.locator("h1")).to_have_text("A.Y.")
    court = datetime.fromisoformat(f"{day}T09:30").replace(tzinfo=ZoneInfo("Europe/Istanbul"))
    hearing = reader.locator(".hearing-time")
    expect(hearing.locator("time")).to_have_text(f"{court:%a} {court.day} {court:%B %Y}, 09:30")
    expect(hearing.locator(".zone")).to_have_text("(Istanbul time, UTC+03:00)")
    # A reader in Santiago sees the court's 09:30 on their own clock when scripts run (the
    # page is shared by every reader); without them, the court's offset from UTC.
    there = court.astimezone(ZoneInfo("America/Santiago"))
    hours = int(there.utcoffset().total_seconds()) // 3600  # Santiago's offsets are whole hours
    label = f"Santiago time, UTC{'+' if hours >= 0 else '−'}{abs(hours):02d}:00"
    mine = f"{there:%H:%M}"
    if there.date() != court.date():
        mine = f"{there:%a} {there.day} {there:%B %Y}, {mine}"
    if javascript:
        expect(hearing.locator(".reader-time")).to_have_text(f"· your time: {mine} ({label})")
    else:
        expect(hearing.locator(".reader-time")).to_be_hidden()
    body = reader.content()
    for secret in SECRETS:
        assert secret not in body
    screenshot(reader, "2-public-case")
    ics = reader.request.get("/cases/calendar/united.ics").text()
    assert "Hearing: A.Y." in ics and "TZID=Europe/Istanbul" in ics
    assert not any(secret in ics for secret in SECRETS)

    reader.fill("input[name=email]", "supporter@example.net")
    submit(reader, "Follow by email")
    expect(reader.locator(".messages")).to_contain_text("Check your inbox")
    link = re.search(r"http://\S+/cases/follow/confirm/\S+/", mail.outbox[-1].body)
    assert link is not None
    reader.goto(link.group())
    submit(reader, "Confirm")
    expect(reader.locator("h1")).to_have_text("You follow this case")
    screenshot(reader, "3-following")
    assert Follower.objects.get().state == "confirmed"


def test_a_coordinator_is_refused_a_field_that_names_the_person(
    cast, protected_case, new_context, screenshot
):
    cora = new_context().new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto("/coalitions/united/cases/ay/edit/")
    expect(cora.locator(".notice")).to_contain_text("Write the display name, the summary")
    cora.locator("#id_summary").fill("A shop steward, detained. #FreeYilmaz")
    submit(cora, "Save")
    error = cora.locator("main").get_by_text(
        "This must not identify the protected person: write it as public text."
    )
    expect(error).to_have_count(1)
    # The refusal sits with the summary and says nothing of which word matched.
    field = cora.locator(".field", has=cora.locator("#id_summary"))
    expect(field).to_contain_text("This must not identify the protected person")
    screenshot(cora, "4-refused-summary")
    assert Case.objects.get(pk=protected_case.pk).summary == "A shop steward from Gebze, detained."

    cora.locator("#id_summary").fill("A shop steward, detained after a strike ballot.")
    submit(cora, "Save")
    expect(cora.locator(".messages")).to_contain_text("The case is saved.")
    reader = new_context().new_page()
    reader.goto("/cases/ay/")
    expect(reader.locator(".prose").first).to_contain_text("detained after a strike ballot")
    screenshot(reader, "5-public-text")
