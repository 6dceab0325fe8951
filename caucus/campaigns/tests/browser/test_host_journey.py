"""An outside host's proposal in Chromium without JavaScript: proposing, the coordinator
asking for information, the host completing it by the emailed link, and the approval."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from caucus.campaigns.models import Approval, Event
from caucus.campaigns.tests.helpers import make_campaign
from caucus.public.tests.browser.steps import sign_in, submit
from caucus.test import on_test_day

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign(cast):
    return make_campaign(cast.coalition)


@on_test_day
def test_host_proposal_needs_information_then_approved(campaign, new_context, screenshot):
    host = new_context(javascript=False).new_page()
    host.goto(f"/campaigns/{campaign.slug}/host/")
    host.fill("input[name=host_name]", "Friends of the Park")
    host.fill("input[name=host_contact]", "friends@example.net")
    host.fill("input[name=title]", "Picnic for the park")
    host.select_option("select[name=kind]", "meeting")
    host.fill("input[name=city]", "Lima")
    host.select_option("select[name=country]", "PE")
    host.fill("input[name=start]", "2031-03-04T10:00")
    host.fill("input[name=end]", "2031-03-04T12:00")
    submit(host, "Send the proposal")
    expect(host.locator("main")).to_contain_text("Thank")
    assert Event.objects.get().approval == Approval.PENDING

    coordinator = new_context(javascript=False).new_page()
    sign_in(coordinator, "coordinator@example.org")
    coordinator.goto(f"/campaigns/{campaign.slug}/hosts/")
    expect(coordinator.locator("main")).to_contain_text("Friends of the Park")
    coordinator.get_by_label("Needs information").check()
    coordinator.fill("input[name=note]", "Which entrance of the park?")
    screenshot(coordinator, "review")
    submit(coordinator, "Decide")
    expect(coordinator.locator("main")).to_contain_text("Which entrance of the park?")

    message = mail.outbox[-1]
    assert message.to == ["friends@example.net"]
    path = re.search(r"https?://[^/\s]+(/campaigns/proposal/\S+/)", message.body).group(1)
    host.goto(path)
    expect(host.locator(".notice")).to_contain_text("Which entrance of the park?")
    expect(host.locator("input[name=title]")).to_have_value("Picnic for the park")
    host.fill("input[name=venue]", "North entrance, Parque Kennedy")
    screenshot(host, "amend")
    submit(host, "Send the proposal")
    event = Event.objects.get()
    assert event.approval == Approval.PENDING
    assert event.venue == "North entrance, Parque Kennedy"

    coordinator.goto(f"/campaigns/{campaign.slug}/hosts/")
    coordinator.get_by_label("Approved").check()
    submit(coordinator, "Decide")
    expect(coordinator.locator("main")).to_contain_text("No proposals waiting.")
    reader = new_context(javascript=False).new_page()
    reader.goto(event.get_absolute_url())
    expect(reader.locator("h1")).to_have_text("Picnic for the park")
    expect(reader.locator("main")).to_contain_text("North entrance, Parque Kennedy")
    screenshot(reader, "approved")
