"""A coalition's coordinators: adding one, and one stopping."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.coalitions import services
from caucus.coalitions.confirmations import confirm_remove_coordinator
from caucus.coalitions.forms import CoordinatorForm
from caucus.coalitions.models import Coordinator
from caucus.coalitions.permissions import get_coalition_for_coordinator
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status


@login_required
def add_coordinator(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    form = CoordinatorForm(
        request.POST or None, candidates=services.candidates_for_coordinator(coalition)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_add(
                coalition=coalition, user=form.cleaned_data["user"], actor=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                sentence(_("%(user)s is now a coordinator."), {"user": form.cleaned_data["user"]}),
            )
            return redirect("coalitions:manage", slug)
    return render(
        request,
        "coalitions/coordinator_form.html",
        {"form": form, "coalition": coalition},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_coordinator(request, slug, pk):
    """GET: the confirmation page; POST: the person stops coordinating."""
    coalition = get_coalition_for_coordinator(request, slug)
    coordinator = get_object_or_404(
        Coordinator.objects.select_related("user"), pk=pk, coalition=coalition
    )
    if request.method == "GET":
        return confirm_page(request, **confirm_remove_coordinator(coordinator))
    try:
        services.coordinator_remove(coordinator=coordinator, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, sentence(_("%(user)s is no longer a coordinator."), {"user": coordinator.user})
        )
    return redirect("coalitions:manage", slug)
