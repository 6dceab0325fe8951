"""Test-wide settings: tasks run at once, fast password hashing, plain static files."""

from django.conf import settings

# Browser fixtures (Playwright + Debian's Chromium), registered once for every app's tests.
pytest_plugins = ["caucus.browser_fixtures"]


def pytest_configure(config):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
