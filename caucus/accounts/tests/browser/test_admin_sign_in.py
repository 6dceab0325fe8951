"""The operator reaches the admin site through allauth's sign-in and the second factor."""

import re

import pytest
from playwright.sync_api import expect

from caucus.public.tests.browser.steps import submit, totp_code
from caucus.test import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1100, 390], ids=["desktop", "phone"])
def test_the_operator_signs_in_to_the_admin_with_password_and_code(
    cast, new_context, screenshot, width
):
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    page.fill("input[name=login]", cast.operator.email)
    page.fill("input[name=password]", PASSWORD)
    screenshot(page, "1-allauth-sign-in")
    submit(page, "Sign in")

    # The password alone opens nothing: the code is asked, and the admin still refuses.
    expect(page.locator("input[name=code]")).to_be_visible()
    screenshot(page, "2-second-factor")
    admin = new_context().new_page()
    admin.context.add_cookies(page.context.cookies())
    admin.goto("/admin/")
    expect(admin).to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
    expect(admin.locator("#site-name")).to_have_count(0)

    page.fill("input[name=code]", totp_code())
    submit(page, "Sign In")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()
    screenshot(page, "3-admin")
    page.goto("/admin/django_tasks_database/dbtaskresult/")
    expect(page.locator("h1")).to_contain_text("Task Result")
    screenshot(page, "4-task-results")
