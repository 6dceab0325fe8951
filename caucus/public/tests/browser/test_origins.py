"""Pages load nothing from other origins: no fonts, scripts, images or beacons from elsewhere."""

import re

import pytest
from playwright.sync_api import expect

from caucus.coalitions.models import MemberListVisibility
from caucus.public.tests.browser.steps import reauthenticate_if_asked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_request_only_their_own_origin(cast, new_context, live_server, screenshot):
    cast.coalition.member_list = MemberListVisibility.PUBLIC  # the page lists its members
    cast.coalition.save(update_fields=["member_list"])

    context = new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()

    for path in ["/", "/o/alpha/", "/c/united/", "/accounts/login/"]:
        response = page.goto(path)
        assert response is not None and response.ok, path
    screenshot(page, "1-login")
    sign_in(page, cast.nomfa.email, secret=None)  # no second factor yet
    page.goto("/accounts/2fa/totp/activate/")
    reauthenticate_if_asked(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    screenshot(page, "2-activate-totp")

    origin = live_server.url
    assert any(url.endswith(".css") for url in requests)
    assert any(url.endswith(".js") for url in requests)
    elsewhere = [u for u in requests if not (u.startswith(origin + "/") or u.startswith("data:"))]
    assert elsewhere == []
