"""Every page a demo role can reach, on a phone: nothing scrolls sideways and nothing fails.

The demo coalition is loaded (`manage.py loaddemo`: eleven organizations, a statement in seven
languages, a campaign of 205 actions, meetings, votes, cases), then each role signs in (with its
authenticator code) and follows every same-origin link breadth-first from its dashboard, at
390 px, in Arabic (right-to-left: what sticks out there sticks out to the left); anonymous
readers are also crawled in English. Each page must answer below 500 and its document must be
no wider than the screen. Nothing is posted and links that sign out are not followed.

To stay within about two minutes, one page stands for every address of the same URL pattern
(Django's route plus the names of the query's parameters). Anonymous readers and the
coordinator (who in the demo is also a delegate, so sees ballots and every tool) check all
their patterns; the other roles check only the patterns nobody checked before them, and read
the others' pages without a browser just to find their links.
"""

import html
import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error, Page, expect

from caucus.public.management.commands.loaddemo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
BUDGET = 300  # pages per role: above what any role reaches today (the coordinator: about 180)
DEMO = "demo.caucus.example"
# (role, language, where it starts, whether it checks only the patterns nobody checked before)
CRAWLS = [
    ("anonymous", "ar", "/", False),
    ("coordinator", "ar", "/dashboard/", False),
    ("admin", "ar", "/dashboard/", True),
    ("editor", "ar", "/dashboard/", True),
    ("delegate", "ar", "/dashboard/", True),
    ("operator", "ar", "/admin/", True),  # the operator works in the admin site
    ("anonymous", "en", "/", False),
]
# Not followed: signing out (it would end the crawl), the language switch (it changes the
# language under test), and what is not a page: feeds, calendars, downloads, the API.
SKIP = ("logout", "/i18n/", "/api/v1/", "/api/openapi", "/static/", "/media/", "/metrics")
# In the admin, an object's history and deletion pages are Django's own, like its other pages.
SKIP_ADMIN = ("/history/", "/delete/")
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

# Lists the elements that stick out of the screen, to say where a failure comes from.
WIDE_ELEMENTS = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if ((box.right > width + 1 || box.left < -1) && !el.closest(".skip, .visually-hidden")) {
      const where = `[${Math.round(box.left)}, ${Math.round(box.right)}]`;
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${where}`);
    }
  }
  return out.slice(0, 5);
}"""


HREFS = "links => links.map(a => a.href)"
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


@dataclass
class Findings:
    pages: int = 0  # checked in the browser
    read: int = 0  # read only for their links (a pattern another role checked)
    failures: list[str] = field(default_factory=list)


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
    page.fill("input[name=code]", totp_code(email))
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header .site-account button")).to_be_visible()  # "Sign out"


def pattern(path: str) -> tuple[str, tuple[str, ...]]:
    """What a page stands for: its URL route and the names of its query's parameters."""
    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    if route.startswith("admin/"):  # the admin's filters and orderings are not page kinds
        return route, ()
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return route, tuple(names)


def links(hrefs: list[str], base: str, path: str) -> Iterator[str]:
    for href in hrefs:
        url = urljoin(base + path, href).split("#")[0]
        if "/admin/" in url and any(s in url for s in SKIP_ADMIN):
            continue
        if url.startswith(base) and not any(s in url for s in SKIP):
            yield url[len(base) :] or "/"


def visit(page: Page, path: str, findings: Findings, shot: str | None) -> bool:
    """Open `path`; record a 5xx or a page wider than the phone. True if it is an HTML page."""
    try:
        response = page.goto(path)
    except Error as exc:
        if "Download is starting" not in str(exc):
            raise
        response = page.request.get(path)  # a file to save (a CSV, the verifier): its status
    status = response.status if response is not None else 0
    if status >= 500:
        findings.failures.append(f"{path}: {status}")
    content_type = response.headers.get("content-type", "") if response is not None else ""
    if "text/html" not in content_type:
        return False
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE:
        wide = page.evaluate(WIDE_ELEMENTS, PHONE)
        findings.failures.append(f"{path}: {width} px wide: {'; '.join(wide)}")
    if shot:
        page.screenshot(path=shot, full_page=True)
    return True


def shot_path(key: tuple[str, tuple[str, ...]], label: str) -> str | None:
    if key[0] not in SHOOT or key[1]:
        return None
    name = key[0].replace("<", "").replace(">", "").replace(":", "-").replace("/", "_")
    return f"test-artifacts/crawl-{label}-{name or 'home'}.png"


def read_links(page: Page, path: str) -> list[str]:
    """The links of a page fetched without rendering it (a pattern already checked)."""
    response = page.request.get(path)
    if "text/html" not in response.headers.get("content-type", ""):
        return []
    return [html.unescape(h) for h in HREF.findall(response.text())]


def crawl(page: Page, base: str, start: str, checked: set, label: str) -> Findings:
    """Breadth-first from `start`: check each pattern not in `checked` (and add it there).

    A pattern another role checked is only read for its links, and only near the start (a
    role's own pages hang off its dashboard and its organization's or coalition's page).
    """
    others, mine = set(checked), set()
    findings, queue, visited = Findings(), deque([(start, 0), ("/", 0)]), set()
    while queue and findings.pages < BUDGET:
        path, depth = queue.popleft()
        key = pattern(path)
        if path in visited or key in mine or (key in others and depth > 1):
            continue
        visited.add(path)
        mine.add(key)
        if key in others:
            findings.read += 1
            hrefs = read_links(page, path)
        else:
            checked.add(key)
            findings.pages += 1
            is_page = visit(page, path, findings, shot_path(key, label))
            hrefs = page.eval_on_selector_all("a[href]", HREFS) if is_page else []
        queue.extend((u, depth + 1) for u in links(hrefs, base, path) if u not in visited)
    return findings


def test_no_page_scrolls_sideways_on_a_phone_or_fails_for_any_role(new_context, live_server):
    call_command("loaddemo", stdout=StringIO())
    shared: set = set()
    report, started = [], time.monotonic()
    for role, language, start, shares in CRAWLS:
        page = new_context().new_page()
        page.set_viewport_size({"width": PHONE, "height": 800})
        if role != "anonymous":
            sign_in(page, role)
        page.goto(f"/i18n/language/?language={language}&next=/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        checked = shared if shares else set()
        findings = crawl(page, live_server.url, start, checked, f"{role}-{language}")
        if not shares:
            shared |= checked
        report.append((role, language, findings))
        page.context.close()
    failures = [f"{r} ({lang}) {f}" for r, lang, found in report for f in found.failures]
    counts = ", ".join(f"{r} {lang}: {f.pages} (+{f.read} read)" for r, lang, f in report)
    print(f"Pages checked: {counts}; {time.monotonic() - started:.0f} s")  # noqa: T201
    # Each crawl went well beyond its start (a failed sign-in would stop at the login page).
    assert all(f.pages > 50 for r, _, f in report if r in ("anonymous", "coordinator")), counts
    assert all(f.pages + f.read > 10 for _, _, f in report), counts
    assert not failures, "\n".join(failures)
