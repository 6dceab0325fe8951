"""The coordinators' signatures page: the requests to co-sign, the count, the signing rate
and its spikes, and invalidating signatures in bulk."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.lib.confirm import confirm_page
from caucus.signatures import abuse, services
from caucus.signatures.confirmations import confirm_invalidate
from caucus.signatures.counting import confirmed_count
from caucus.signatures.forms import InvalidateForm
from caucus.signatures.models import OrgState, Signature, State
from caucus.signatures.permissions import get_statement_for_signature_admin
from caucus.signatures.views.signing import statement_url


def _window(request: HttpRequest) -> int:
    raw = request.GET.get("hours", "")
    return min(int(raw), 24 * 14) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    statement = get_statement_for_signature_admin(request, slug)
    return _manage_page(request, statement, _invalidate_form(statement))


def _invalidate_form(statement, data=None) -> InvalidateForm:
    return InvalidateForm(data, auto_id="inv-%s", zone=statement.signing_deadline_zone)


def _manage_page(request, statement, form, status: int = 200) -> HttpResponse:
    hours = _window(request)
    now = timezone.now()
    rate = abuse.signing_rate(statement)
    peak = max((row["n"] for row in rate), default=0)
    for row in rate:
        row["share"] = round(100 * row["n"] / peak) if peak else 0
    ctx = {
        "statement": statement,
        "statement_url": statement_url(statement),
        "requests": statement.organization_signatures.filter(state=OrgState.REQUESTED)
        .select_related("organization", "version")
        .order_by("created"),
        "count": confirmed_count(statement.pk),
        "pending": Signature.objects.filter(statement=statement, state=State.PENDING).count(),
        "rate": rate,
        "hours": hours,
        "spikes": abuse.spikes(statement, start=now - timedelta(hours=hours), end=now),
        "form": form,
    }
    return render(request, "signatures/manage.html", ctx, status=status)


@login_required
@require_POST
def invalidate(request: HttpRequest, slug: str) -> HttpResponse:
    """Without `confirmed`, the confirmation page: how many signatures match and will stop
    counting, the form's values carried in hidden fields; with it, invalidate them."""
    statement = get_statement_for_signature_admin(request, slug)
    form = _invalidate_form(statement, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        criteria = {
            "start": data["start"],
            "end": data["end"],
            "ip_prefix": data["ip_prefix"].strip(),
            "domain": data["domain"].strip(),
        }
        try:
            if request.POST.get("confirmed") != "yes":
                count = services.invalidation_selection(statement=statement, **criteria).count()
                if count:
                    confirm = confirm_invalidate(statement, count=count, criteria=criteria)
                    return confirm_page(request, **confirm)
                form.add_error(None, _("No signature matches: nothing would change."))
                return _manage_page(request, statement, form, status=400)
            changed = services.signatures_invalidate(
                statement=statement, **criteria, actor=request.user
            )
        except ValidationError as exc:
            from caucus.lib.forms import apply_validation_error

            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(n)s signatures invalidated.") % {"n": changed})
            return redirect("signatures:manage", statement.slug)
    return _manage_page(request, statement, form, status=400)
