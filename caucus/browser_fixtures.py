"""Browser fixtures for every app: one Debian Chromium per worker, a context per person.

Registered once as a plugin by the root conftest.py: session fixtures imported into several
conftest files would start Playwright once per directory, and a second sync Playwright in
the same thread fails ("Sync API inside the asyncio loop").

Once started, Playwright's sync API leaves an asyncio loop marked as running in this thread
until it stops, so Django refuses ORM calls as "async unsafe": in the test bodies that build
data, and in any test this worker runs after the session's browser started. Nothing here is
async, so allow them for the whole process.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from caucus.test import Cast, make_cast

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(
    browser: Browser, live_server, transactional_db, settings
) -> Iterator[Callable[..., BrowserContext]]:
    """Open a browser context (one person's cookies); `javascript=False` turns scripts off.

    Links in emails point at the live server; used TOTP codes and rate limits start afresh
    (the cache is process-wide and outlives the flushed database, where user ids repeat).
    """
    settings.SITE_URL = live_server.url
    cache.clear()
    contexts: list[BrowserContext] = []

    def make(*, javascript: bool = True, **options) -> BrowserContext:
        """`options` go to Playwright's new_context, e.g. timezone_id="America/Santiago"."""
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": 1100, "height": 800},
            locale="en-GB",
            strict_selectors=True,  # a selector that matches two elements is a test bug
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


@pytest.fixture
def cast(transactional_db) -> Cast:
    """The people, organizations and coalition of caucus/test.py, as the unit tests have
    them, saved for the live server; a test adds only what its journey needs."""
    return make_cast()


@pytest.fixture
def screenshot(request) -> Callable[[Page, str], None]:
    """Save a full-page screenshot as test-artifacts/<test name>-<step>.png."""
    name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def take(page: Page, step: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-{step}.png", full_page=True)

    return take
