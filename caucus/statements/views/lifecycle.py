"""A statement's lifecycle: opening it for signatures, publishing and withdrawing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.statements import services
from caucus.statements.confirmations import confirm_publish, confirm_withdraw
from caucus.statements.forms import (
    PublishForm,
    WithdrawForm,
)
from caucus.statements.permissions import (
    get_editable_statement,
)


@require_POST
@login_required
def open_for_signatures(request, slug):
    statement = get_editable_statement(request, slug)
    try:
        services.statement_open(statement=statement, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The statement is open for signatures by organizations."))
    return redirect("statements:workspace", statement.slug)


@login_required
def publish(request, slug):
    """GET: who has signed which version, and when to publish; POST: publish (or schedule)."""
    statement = get_editable_statement(request, slug)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_publish(
                statement=statement,
                actor=request.user,
                published_at=form.cleaned_data["published_at"],
                zone=form.cleaned_data["zone"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if statement.is_scheduled or statement.scheduled_at:
                messages.success(request, _("The publication is scheduled."))
            else:
                messages.success(request, _("The statement is published."))
            return redirect("statements:workspace", statement.slug)
    extra = {"statement": statement, "form": form}
    status = form_status(form)
    return confirm_page(request, **confirm_publish(statement), extra=extra, status=status)


@login_required
def withdraw(request, slug):
    """GET: what withdrawing does, and the reason asked; POST: withdraw."""
    statement = get_editable_statement(request, slug)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_withdraw(
                statement=statement, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The statement is withdrawn."))
            return redirect("statements:workspace", statement.slug)
    extra = {"statement": statement, "form": form}
    status = form_status(form)
    return confirm_page(request, **confirm_withdraw(statement), extra=extra, status=status)
