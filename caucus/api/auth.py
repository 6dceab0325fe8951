"""Who is calling: a personal token (`Authorization: Bearer …`) or the browser's session.

Both end with `request.user` set, so the same guards as the web views decide what the caller
may do. A token that is sent but unknown or revoked is refused (401), never treated as
anonymous. The session needs a CSRF token for unsafe methods; a bearer token does not, since
a browser never attaches one by itself.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from caucus.accounts.mfa import mark_verified
from caucus.api.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = ApiToken.objects.find(token.strip()) if token.strip() else None
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError(401, _("This API token is unknown or revoked."))
        api_token.touch()
        # Only a session that gave the second factor can mint a token (api/views.py), so the
        # token stands for that sign-in; has_mfa() still needs the authenticator to exist.
        mark_verified(api_token.user, True)
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """Django's session, with CSRF checked only once someone is signed in.

    Checking first would answer an anonymous POST with "CSRF failed" (403) where the
    truthful answer is "sign in" (401).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)  # checks CSRF, then authenticate()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


def anyone(request: HttpRequest) -> Any:
    """Lets an anonymous caller through to the public reads (after the two schemes above)."""
    return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()

# Endpoints that act or read private data; anonymous callers get 401.
SIGNED_IN = [token_auth, session_auth]
# Public reads: anyone, but a member who identifies sees what members see.
ANYONE = [token_auth, session_auth, anyone]
# For the OpenAPI document: the empty requirement says that no credentials are needed.
ANYONE_DOC = {"security": [{}]}
