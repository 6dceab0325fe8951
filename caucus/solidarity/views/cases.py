"""Public pages of solidarity cases: the list by country, a case, its print view, following.

Everything here reads a case through its public accessors, whoever is signed in: the full
record lives only on the coordinators' pages (workspace.py).
"""

from itertools import groupby

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.coalitions.models import Coalition
from caucus.lib.tokens import TokenError
from caucus.signatures.abuse import email_domain, request_prefix, slowdown
from caucus.solidarity import services
from caucus.solidarity.forms import FollowForm
from caucus.solidarity.ical import hearings_calendar
from caucus.solidarity.models import Case, Follower, FollowerState
from caucus.solidarity.permissions import can_edit_case, get_public_case
from caucus.solidarity.tokens import follow_tokens, unsubscribe_tokens
from caucus.solidarity.translated import case_reading, localized_case, localized_entries
from caucus.translations.feeds import feed_language, in_feed_language_view


def case_list(request):
    cases = Case.objects.public().select_related("coalition", "record")
    cases = cases.order_by("country", "display_name")
    by_country = [
        (rows[0].country_name, rows)
        for _code, group in groupby(cases, key=lambda c: c.country)
        for rows in [list(group)]
    ]
    by_country.sort(key=lambda item: item[0])
    return render(request, "solidarity/case_list.html", {"by_country": by_country})


def _case_context(request, case: Case) -> dict:
    entries = list(case.entries.order_by("-date", "-starts_at", "-pk"))
    for entry in entries:
        entry.case = case  # the accessors read the case; no query per entry
    reading = case_reading(request, case)
    return {
        "case": localized_case(reading, case),
        "entries": localized_entries(reading, entries),
        "reading": reading,
        "links": case.public_links(),
        "follow_form": FollowForm(),
        "can_edit": can_edit_case(request.user, case),
        "canonical": request.build_absolute_uri(case.get_absolute_url()),
        "og_image": request.build_absolute_uri(case.public_photo_url)
        if case.public_photo_url
        else "",
    }


def case_detail(request, slug):
    case = get_public_case(slug)
    return render(request, "solidarity/case_detail.html", _case_context(request, case))


def case_print(request, slug):
    case = get_public_case(slug)
    return render(request, "solidarity/case_print.html", _case_context(request, case))


def case_photo(request, slug):
    """The photo of a published case that is not protected; 404 for anything else."""
    case = get_public_case(slug)
    if not case.public_photo_url:
        raise Http404
    return photo_response(case)


# No shared cache ever holds a case photo, and a browser keeps one so briefly that turning
# protection on takes effect at once (security audit #17).
PHOTO_MAX_AGE = 60


def photo_response(case: Case) -> FileResponse:
    try:
        response = FileResponse(case.private.photo.open("rb"))
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    if case.protected:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"private, max-age={PHOTO_MAX_AGE}"
    return response


@in_feed_language_view
def hearings_ical(request, slug):
    coalition = get_object_or_404(Coalition.objects.public(), slug=slug)
    calendar = hearings_calendar(coalition, feed_language(request))
    response = HttpResponse(calendar, content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{coalition.slug}-hearings.ics"'
    return response


@require_POST
def follow(request, slug):
    case = get_public_case(slug)
    form = FollowForm(request.POST)
    if not form.is_valid():
        ctx = _case_context(request, case)
        ctx["follow_form"] = form
        return render(request, "solidarity/case_detail.html", ctx, status=400)
    email = form.cleaned_data["email"]
    # Every follow sends an email: the same generous, ban-free limits as public signing.
    wait = slowdown(prefix=request_prefix(request), domain=email_domain(email), email=email)
    if wait:
        ctx = _case_context(request, case)
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
