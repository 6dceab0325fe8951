"""Following a public case by email: asking to, confirming from the emailed link, unsubscribing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.lib.tokens import TokenError
from caucus.signatures.abuse import email_domain, request_prefix, slowdown
from caucus.solidarity import services
from caucus.solidarity.forms import FollowForm
from caucus.solidarity.models import Follower, FollowerState
from caucus.solidarity.permissions import get_public_case
from caucus.solidarity.tokens import follow_tokens, unsubscribe_tokens
from caucus.solidarity.views.cases import case_context


@require_POST
def follow(request, slug):
    case = get_public_case(slug)
    form = FollowForm(request.POST)
    if not form.is_valid():
        ctx = case_context(request, case)
        ctx["follow_form"] = form
        return render(request, "solidarity/case_detail.html", ctx, status=400)
    email = form.cleaned_data["email"]
    # Every follow sends an email: the same generous, ban-free limits as public signing.
    wait = slowdown(prefix=request_prefix(request), domain=email_domain(email), email=email)
    if wait:
        ctx = case_context(request, case)
        ctx["follow_form"] = form
        ctx["follow_wait"] = wait
        response = render(request, "solidarity/case_detail.html", ctx, status=429)
        response["Retry-After"] = str(wait)
        return response
    services.follow_request(case=case, email=email, language=translation.get_language() or "")
    messages.success(
        request,
        _("Check your inbox: we sent a link to confirm that you want updates on this case."),
    )
    return redirect(case)


def _follower_from(token: str, tokens) -> Follower | None:
    try:
        pk = tokens.read_pk(token)
    except TokenError:
        return None
    return Follower.objects.select_related("case", "case__coalition").filter(pk=pk).first()


def confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    follower = _follower_from(token, follow_tokens)
    if follower is not None and follower.state == FollowerState.CONFIRMED:
        return render(request, "solidarity/follow_done.html", {"case": follower.case})
    try:
        if follower is None:
            raise TokenError
        follow_tokens.check_state(token, follower.token_state())
    except TokenError:
        return render(request, "solidarity/token_invalid.html", status=404)
    if request.method == "POST":
        services.follow_confirm(follower=follower)
        return render(request, "solidarity/follow_done.html", {"case": follower.case})
    return render(request, "solidarity/follow_confirm.html", {"case": follower.case})


def unsubscribe(request, token):
    follower = _follower_from(token, unsubscribe_tokens)
    if follower is None:
        return render(request, "solidarity/token_invalid.html", status=404)
    if request.method == "POST":
        services.follow_unsubscribe(follower=follower)
    return render(
        request,
        "solidarity/unsubscribe.html",
        {"case": follower.case, "done": follower.state == FollowerState.UNSUBSCRIBED},
    )
