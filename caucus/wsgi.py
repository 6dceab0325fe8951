"""WSGI entry point for granian (see `make run` and the README's production section)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caucus.settings")
application = get_wsgi_application()
