"""An organization's bodies (committees, boards)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations import services
from caucus.organizations.forms import (
    BodyForm,
)
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user


@login_required
def create_body(request, slug):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    organization = membership.organization
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_create(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The body is created."))
            return redirect("organizations:manage", slug)
    return render(
        request,
        "organizations/body_form.html",
        {"form": form, "organization": organization},
        status=form_status(form),
    )
