"""In the browser without JavaScript, at a phone's and a laptop's width: a coordinator finds
the webhooks page from the coalition's page, registers an endpoint and copies its secret, sees
a test event's delivery with its next try, and deletes the webhook after its own page."""

from unittest import mock

import pytest
from playwright.sync_api import Page, expect

from caucus.lib import outbound
from caucus.public.tests.browser.steps import sign_in
from caucus.webhooks.models import Webhook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "laptop": 1366}


def fits(page: Page, width: int) -> None:
    """Nothing sticks out sideways: the page scrolls only downwards."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, scroll


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_coordinator_registers_tests_and_deletes_a_webhook(cast, new_context, screenshot, width):
    page = new_context(javascript=False).new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.coordinator.email)
    page.goto(f"/coalitions/{cast.coalition.slug}/")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Webhooks of")
    expect(page.get_by_text("No webhook yet.")).to_be_visible()

    page.get_by_label("Endpoint URL").fill("https://crm.example.org/caucus/incoming-events")
    page.get_by_label("A new RSVP was confirmed").uncheck()
    page.get_by_role("button", name="Register").click()
    secret = page.get_by_label("Secret", exact=True)
    hook = Webhook.objects.get()
    expect(secret).to_have_value(hook.secret)
    assert hook.events == ["signature.confirmed", "statement.published"]
    fits(page, width)
    screenshot(page, "1-secret")

    # The receiver is down: the delivery waits for its next try, and the page says when.
    down = outbound.Response(503, b"down")
    with mock.patch.object(outbound, "request", return_value=down):
        page.get_by_role("button", name="Send a test event").click()
    row = page.locator(f"#webhook-{hook.pk} tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ping")
    expect(page.get_by_label("Secret", exact=True)).to_have_count(0)  # shown once
    fits(page, width)
    screenshot(page, "2-delivery")

    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this webhook?")
    fits(page, width)
    screenshot(page, "3-confirm")
    page.get_by_role("button", name="Delete the webhook").click()
    expect(page.get_by_text("No webhook yet.")).to_be_visible()
    assert not Webhook.objects.exists()
