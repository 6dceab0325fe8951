"""Test-wide settings: tasks run at once, fast password hashing, plain static files, case
photos in a temporary folder."""

import shutil
import tempfile

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

# Browser fixtures (Playwright + Debian's Chromium), registered once for every app's tests.
pytest_plugins = ["caucus.browser_fixtures"]


def pytest_configure(config):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # One process runs each test: local memory keeps cached pages free of queries
    # (assertNumQueries); production's default is shared (accounts/tests/test_cache.py).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Case photos the tests upload stay out of the instance's var/private (lib/storage.py).
    settings.PRIVATE_MEDIA_ROOT = private = tempfile.mkdtemp(prefix="caucus-test-private-")
    config.add_cleanup(lambda: shutil.rmtree(private, ignore_errors=True))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language.

    LocaleMiddleware leaves the language of the last request active in the thread, so a test
    that reads a page in Turkish would otherwise make the next test in the worker Turkish.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit windows (caucus/lib/ratelimit.py) and
    cached pages would otherwise carry over from the tests before it in the same process."""
    cache.clear()
    yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The phone crawl (minutes long) goes first among the browser tests, which pytest-django
    has put after the others: under xdist the other worker shares out the rest meanwhile,
    instead of waiting alone at the end for the crawl to finish."""
    crawl = [
        item
        for item in items
        if item.nodeid.endswith("test_every_role_reaches_only_pages_that_fit_a_phone_and_answer")
    ]
    browser = [i for i, item in enumerate(items) if item.get_closest_marker("browser")]
    if len(crawl) != 1 or not browser:
        return
    items.remove(crawl[0])
    items.insert(browser[0], crawl[0])
