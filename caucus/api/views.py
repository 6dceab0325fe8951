"""The page where a signed-in person creates and revokes their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.accounts.mfa import has_mfa, needs_confirmation
from caucus.api.forms import TokenForm
from caucus.api.models import ApiToken
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import form_status
from caucus.organizations.permissions import MFARequired


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's tokens; a POST creates one and shows its secret this once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        if not has_mfa(request.user):
            raise MFARequired(_("Set up two-factor authentication to create an API token."))
        if form.is_valid():
            token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
            messages.success(
                request, sentence(_("The token “%(name)s” is created."), {"name": token.name})
            )
            form = TokenForm()
    ctx = {
        "form": form,
        "secret": secret,
        "has_mfa": has_mfa(request.user),
        "confirm_second_factor": needs_confirmation(request.user),
        "tokens": request.user.api_tokens.all(),
    }
    return render(request, "api/tokens.html", ctx, status=form_status(form))


@require_http_methods(["GET", "POST"])
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page; POST: the token stops working at once."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "GET" and token.is_active:
        return confirm_page(
            request,
            title=_("Revoke an API token"),
            subject=_("“%(name)s”, starting with %(prefix)s…")
            % {"name": token.name, "prefix": token.prefix},
            consequence=_(
                "Scripts that use this token are refused from now on. This cannot be undone: "
                "create a new token and give it to them instead."
            ),
            button=_("Revoke the token"),
            cancel_url=reverse("api_tokens:list"),
        )
    if request.method == "GET":
        return redirect("api_tokens:list")
    token.revoke()
    messages.success(request, sentence(_("The token “%(name)s” is revoked."), {"name": token.name}))
    return redirect("api_tokens:list")
