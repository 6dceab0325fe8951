"""The admin site behind the same sign-in as everything else: allauth's, with the second factor.

Django's own admin login took the password alone, with no rate limit, and its session passed
every second-factor gate (security review, finding 1). Here /admin/login/ only routes: to
allauth's sign-in, to the second factor when this session has not given it, or to setting one
up; and every admin page needs a session that gave the second factor.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from caucus.accounts.mfa import has_mfa, owns_second_factor


def _with_next(urlname: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(urlname)}?{urlencode({'next': next_url})}")


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_mfa(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        """Route to the step this person is missing; never take a password here."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return _with_next("account_login", next_url)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied(_("This account may not use the admin site."))
        if has_mfa(user):
            return HttpResponseRedirect(next_url)
        if owns_second_factor(user):
            return _with_next("mfa_reauthenticate", next_url)
        return _with_next("mfa_activate_totp", next_url)
