"""A coalition's platform: writing a new version and reading the earlier ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.coalitions import services
from caucus.coalitions.forms import PlatformForm
from caucus.coalitions.permissions import get_coalition_for_coordinator, get_coalition_for_member
from caucus.lib.forms import apply_validation_error, form_status


@login_required
def platform(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    current = coalition.current_platform()
    initial = {"points": "\n\n".join(current.points)} if current else {}
    form = PlatformForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.platform_save(
                coalition=coalition,
                points=form.cleaned_data["points"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Version %(n)s of the platform is saved.") % {"n": version.number}
            )
            return redirect("coalitions:manage", slug)
    return render(
        request,
        "coalitions/platform_form.html",
        {"form": form, "coalition": coalition, "current": current},
        status=form_status(form),
    )


@login_required
def platform_history(request, slug):
    coalition, _coordinating = get_coalition_for_member(request, slug)
    versions = coalition.platform_versions.select_related("author")
    return render(
        request, "coalitions/platform_history.html", {"coalition": coalition, "versions": versions}
    )
