"""The page a viral link lands on, in a browser: a phone (390 px) and a laptop (1366 px), in
English and Arabic, with and without JavaScript. The call to sign is in the first screen, the
form takes the signature, and both the answer and the confirmed page offer what to do next."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import CoalitionMembership
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.tests.helpers import make_statement
from caucus.signatures.tests.test_manage import add
from caucus.statements.models import Statement
from caucus.test import make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": (390, 844), "laptop": (1366, 768)}


@pytest.fixture
def declaration(cast):
    """The coalition's published declaration, signed by four organizations in three countries:
    the cast's alpha (Türkiye) and gamma (Chile), beta (Argentina) and delta (Chile) joining."""
    coalition = cast.coalition
    statement = make_statement(slug="declaration", coalition=coalition)
    Statement.objects.filter(pk=statement.pk).update(
        signature_goal=100,
        signing_deadline=timezone.now() + dt.timedelta(days=20),
        signing_deadline_zone="America/Argentina/Buenos_Aires",
    )
    delta = make_org("delta", "CL")
    for org in (cast.beta, delta):
        CoalitionMembership.objects.create(coalition=coalition, organization=org, status="active")
    for org in (cast.alpha, cast.beta, cast.gamma, delta):
        OrganizationSignature.objects.create(
            statement=statement,
            organization=org,
            version=statement.published_version,
            state=OrgState.SIGNED,
            initial=True,
        )
    add(statement, 37, show_name=True)
    make_campaign(coalition).statements.add(statement)  # its target: a ministry
    return statement


def in_first_screen(page: Page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    height = page.viewport_size["height"]
    assert box["y"] + box["height"] <= height, f"{selector} ends at {box['y'] + box['height']}"
    return box


def expect_next_steps(page: Page) -> None:
    steps = page.locator(".next-steps")
    expect(steps.locator("a[href^='https://t.me/share/url']")).to_be_visible()
    expect(steps.locator("a[href$='/near/']")).to_have_count(1)
    expect(steps.locator("a[href='/statements/coalition/united/atom/']")).to_have_count(1)
    expect(steps.locator(".handle")).to_contain_text("@united@")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("screen", ["phone", "laptop"])
def test_sign_from_a_fresh_visit(
    declaration, new_context, live_server, screenshot, screen, language, javascript
):
    width, height = SCREENS[screen]
    context = new_context(javascript=javascript)
    # The reader's language as the language switcher leaves it (the context's locale is fixed).
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/s/declaration/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    panel = page.locator("aside.sign-panel")
    expect(panel.locator("progress.goal-bar")).to_have_attribute("max", "100")
    expect(page.locator(".signatories summary")).to_be_visible()  # folded: 4 orgs, 3 countries
    expect(page.locator(".signatory-orgs")).not_to_be_visible()
    submit_button = "aside.sign-panel form.sign-form button[type=submit]"
    if screen == "phone":
        # 1. The call to sign is in the first screen; it jumps to the form.
        in_first_screen(page, "a.sign-cta")
        screenshot(page, "1-first-screen")
        page.locator("a.sign-cta").click()
        expect(page).to_have_url(re.compile(r"#sign$"))
        expect(panel.locator("input[name=name]")).to_be_in_viewport()
    else:
        # 1. The panel beside the text: its Sign button is in the first screen.
        expect(page.locator("a.sign-cta")).to_be_hidden()
        in_first_screen(page, submit_button)
        panel_box = panel.bounding_box()
        text_box = page.locator(".statement-body").bounding_box()
        if language == "ar":  # the panel sits on the reading end: the left in Arabic
            assert panel_box["x"] + panel_box["width"] <= text_box["x"]
        else:
            assert panel_box["x"] >= text_box["x"] + text_box["width"]
        screenshot(page, "1-first-screen")

    # 2. Sign.
    form = panel.locator("form.sign-form")
    form.locator("input[name=name]").fill("Nadia Signer")
    form.locator("input[name=city]").fill("Valparaíso")
    form.locator("select[name=country]").select_option("CL")
    form.locator("input[name=email]").fill("nadia@example.net")
    screenshot(page, "2-form")
    if javascript:  # htmx puts the answer and the next steps in place of the form
        form.locator("button[type=submit]").click()
        expect(page.locator(".sign-thanks")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/s/declaration/(#sign)?$"))
    else:
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/s/declaration/sign/thanks/$"))
    expect_next_steps(page)
    screenshot(page, "3-signed-next-steps")
    assert Signature.objects.get(name="Nadia Signer").state == State.PENDING

    # 3. Confirm from the email, and see what to do next.
    link = re.search(r"http://\S+/sign/confirm/\S+/", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    expect_next_steps(page)
    screenshot(page, "4-confirmed-next-steps")
    assert Signature.objects.get(name="Nadia Signer").state == State.CONFIRMED
