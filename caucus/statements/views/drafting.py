"""Drafting a statement: the workspace, its text and its details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations.permissions import require_mfa
from caucus.statements import services
from caucus.statements.forms import (
    StatementMetaForm,
    VersionForm,
)
from caucus.statements.models import AmendmentState, Status
from caucus.statements.permissions import (
    can_accept_amendments,
    can_propose_amendments,
    get_editable_statement,
    get_statement_for_user,
)


@login_required
def workspace(request, slug):
    statement, can_edit = get_statement_for_user(request, slug)
    if not (can_edit or can_propose_amendments(request.user, statement)):
        raise PermissionDenied(_("Only the statement's drafters can see this page."))
    require_mfa(request.user)
    services.revision_apply_due(statement=statement)  # the page says which version is public
    amendments = statement.amendments.select_related("version", "proposer", "organization")
    ctx = {
        "statement": statement,
        "version": statement.current_version,
        "can_edit": can_edit,
        "can_propose": statement.status in (Status.DRAFT, Status.OPEN),
        "can_accept": can_accept_amendments(request.user, statement),
        "open_amendments": [a for a in amendments if a.state == AmendmentState.OPEN],
        "decided_amendments": [a for a in amendments if a.state != AmendmentState.OPEN],
        "versions": statement.versions.select_related("author")[:50],
        "translations": statement.translations.select_related("version"),
        "republications": statement.republications.select_related("organization"),
    }
    return render(request, "statements/workspace.html", ctx)


@login_required
def edit_text(request, slug):
    statement = get_editable_statement(request, slug)
    current = statement.current_version
    initial = {"title": current.title, "body": current.body}
    form = VersionForm(request.POST or None, initial=initial)
    base = request.POST.get("base", str(current.number))
    if request.method == "POST" and form.is_valid():
        if base != str(current.number):
            # Someone saved a version meanwhile; keep this text in the form, never lose it.
            form.add_error(
                None,
                _(
                    "Version %(number)s was saved while you were editing. Compare it with your "
                    "text, then save again."
                )
                % {"number": current.number},
            )
            base = str(current.number)
        else:
            try:
                version = services.version_create(
                    statement=statement, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if version is None:
                    messages.info(request, _("The text is unchanged; no new version was made."))
                else:
                    messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
                return redirect("statements:workspace", statement.slug)
    ctx = {"statement": statement, "form": form, "base": base}
    return render(request, "statements/edit_text.html", ctx, status=form_status(form))


@login_required
def edit_details(request, slug):
    statement = get_editable_statement(request, slug)
    form = StatementMetaForm(
        request.POST or None,
        initial=StatementMetaForm.initial_for(statement),
        current_deadline=statement.signing_deadline,
    )
    if request.method == "POST" and form.is_valid():
        changed = form.apply_to(statement)
        try:
            services.statement_update(statement=statement, actor=request.user, changed=changed)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("statements:workspace", statement.slug)
    ctx = {"statement": statement, "form": form}
    return render(request, "statements/edit_details.html", ctx, status=form_status(form))
