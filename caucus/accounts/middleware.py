"""Per-request account state: whether the sign-in used a second factor, and no caching of
pages shown to a signed-in person."""

from django.contrib.auth.middleware import get_user
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject

from caucus.accounts.mfa import mark_verified, session_used_second_factor


def _user_with_factors(request):
    user = get_user(request)  # Django's, cached on the request
    if user.is_authenticated:
        mark_verified(user, session_used_second_factor(request, user))
    return user


class SecondFactorMiddleware:
    """After AuthenticationMiddleware: the user carries how this session signed in.

    Still lazy, so a request that never looks at the user never loads the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user_with_factors(request))
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Pages shown to a signed-in person are never stored by browsers or shared caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
