"""Every page each demo role can reach, on a phone: nothing sticks out, nothing fails, and no
link is shown to someone it refuses.

The demo coalition is loaded (`manage.py loaddemo`: eleven organizations, a statement in seven
languages, a campaign of 205 actions, meetings, votes, cases), then each demo role signs in
(with its authenticator code where it has one) and follows every same-origin link
breadth-first from its start page, at 390 px, in Arabic (right-to-left) and in English. Each
page must answer below 500, its document must be no wider than the screen, and no visible
element may stick out of the screen on either side (crawler.py). Every link a role was shown
must answer it below 400. Nothing is posted, and links that sign out or switch the language
are neither followed nor asked.

To stay within a few minutes, one page stands for every address of the same URL pattern
(Django's route plus the names of the query's parameters). Anonymous readers and the
coordinator (who in the demo is also a delegate, so sees ballots and every tool) check all
their patterns in both languages; the other roles check in the browser only the patterns
nobody checked before them in that language, and fetch the others' pages without rendering
them, for their statuses and links.
"""

import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from playwright.sync_api import Page, expect

from caucus.public.management.commands.loaddemo import DEMO_PASSWORD
from caucus.public.tests.browser.crawler import Crawl, recheck, refused, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
BUDGET = 400  # pages per role: above what any role reaches today (the coordinator: about 180)
PER_PATTERN = 5  # links not opened by the walk, asked for their status, per pattern and role
DEMO = "demo.caucus.example"
LANGUAGES = ("ar", "en")  # right-to-left first: what sticks out there is cut off, not scrolled
# (role, where it starts, whether it checks only the patterns nobody checked before), in the
# order they run: each of the loader's demo accounts (loaddemo.PEOPLE) and the operator.
ROLES = [
    ("anonymous", "/", False),
    ("coordinator", "/dashboard/", False),
    ("admin", "/dashboard/", True),
    ("editor", "/dashboard/", True),
    ("delegate", "/dashboard/", True),
    ("nomfa", "/dashboard/", True),  # a delegate without a second factor: reads, cannot act
    ("uy-admin", "/dashboard/", True),  # the admin of an organization invited to the coalition
    ("operator", "/admin/", True),  # the operator works in the admin site
]
# Pages photographed on the way (test-artifacts/), one per pattern, to look at.
SHOOT = {
    "",
    "regions/",
    "dashboard/",
    "s/<slug:slug>/",
    "s/<slug:slug>/versions/",
    "campaigns/<slug:slug>/",
    "coalitions/<slug:slug>/manage/",
    "coalitions/<slug:slug>/meetings/<int:pk>/",
    "coalitions/<slug:slug>/votes/<int:pk>/verify/",
    "coalitions/<slug:slug>/audit/",
    "cases/<slug:slug>/",
}


def totp_code(email: str) -> str:
    """The current code of a demo account's authenticator (its secret is random per load)."""
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    if 30 - time.time() % 30 < 2:  # never send a code about to expire
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page: Page, role: str) -> None:
    email = f"{role}@{DEMO}"
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in", exact=True).click()
    if Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).exists():
        page.fill("input[name=code]", totp_code(email))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header .site-account button")).to_be_visible()  # "Sign out"


def shot_path(key: tuple[str, tuple[str, ...]], label: str) -> str | None:
    if key[0] not in SHOOT or key[1]:
        return None
    name = key[0].replace("<", "").replace(">", "").replace(":", "-").replace("/", "_")
    label = label.replace(" (", "-").rstrip(")")
    return f"test-artifacts/crawl-{label}-{name or 'home'}.png"


def crawl_as(page: Page, base: str, role: str, start: str, checked: dict[str, set]) -> Crawl:
    """Walk the site as `role` in the first language, then check its pages in the others."""
    crawl = Crawl(role)
    for language in LANGUAGES:
        page.goto(f"/i18n/language/?language={language}&next=/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        label = f"{role} ({language})"
        if not crawl.patterns:
            walk(page, base, start, crawl, checked[language], label, shot_path, BUDGET)
        else:
            recheck(page, crawl, checked[language], label, shot_path)
    return crawl


def test_every_role_reaches_only_pages_that_fit_a_phone_and_answer(new_context, live_server):
    call_command("loaddemo", stdout=StringIO())
    shared: dict[str, set] = {language: set() for language in LANGUAGES}
    crawls, refusals, started = [], [], time.monotonic()
    for role, start, shares in ROLES:
        page = new_context().new_page()
        page.set_viewport_size({"width": PHONE, "height": 800})
        if role != "anonymous":
            sign_in(page, role)
        checked = shared if shares else {language: set() for language in LANGUAGES}
        crawl = crawl_as(page, live_server.url, role, start, checked)
        if not shares:
            for language in LANGUAGES:
                shared[language] |= checked[language]
        asked = time.monotonic()
        refusals += refused(page, crawl, PER_PATTERN)
        crawl.seconds += time.monotonic() - asked
        crawls.append(crawl)
        page.context.close()
    counts = ", ".join(
        f"{c.role}: {c.pages} (+{c.read} read, {len(c.statuses)} statuses, {c.seconds:.0f} s)"
        for c in crawls
    )
    print(f"Pages checked: {counts}; {time.monotonic() - started:.0f} s")  # noqa: T201
    # Each crawl went well beyond its start (a failed sign-in would stop at the login page).
    assert all(c.pages > 100 for c in crawls if c.role in ("anonymous", "coordinator")), counts
    assert all(c.pages + c.read > 10 for c in crawls), counts
    failures = [f for c in crawls for f in c.failures]
    assert not failures + refusals, "\n".join(failures + refusals)
