"""A database that cannot be reached: which errors say so, and how long clients should wait.

Pages (caucus/public/unavailable.py) and the API (caucus/api/errors.py) both answer these with
503 and Retry-After instead of 500: the visitor or the integrator should simply come back.
"""

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def message() -> str:
    return _("The service is briefly unavailable. Please try again in a moment.")
