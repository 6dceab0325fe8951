"""Statements of an organization or a coalition: their lists and creating one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.coalitions.permissions import get_coalition_for_member
from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations.permissions import get_membership_for_user
from caucus.statements import services
from caucus.statements.forms import (
    StatementCreateForm,
)
from caucus.statements.models import Statement


def _list(request, statements, ctx):
    page = Paginator(
        statements.select_related("current_version", "published_version").order_by("-created"),
        25,
    ).get_page(request.GET.get("page"))
    return render(request, "statements/list.html", {**ctx, "page": page})


@login_required
def organization_list(request, slug):
    membership = get_membership_for_user(request, slug)
    org = membership.organization
    return _list(
        request,
        Statement.objects.filter(author_organization=org),
        {"organization": org, "can_create": True},
    )


@login_required
def coalition_list(request, slug):
    coalition, is_coordinator = get_coalition_for_member(request, slug)
    return _list(
        request,
        Statement.objects.filter(author_coalition=coalition),
        {"coalition": coalition, "can_create": is_coordinator},
    )


def _create(request, *, authors, resolve, ctx):
    form = StatementCreateForm(request.POST or None, authors=authors)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            statement = services.statement_create(
                actor=request.user, **resolve(data.pop("author")), **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The draft is saved as version 1."))
            return redirect("statements:workspace", statement.slug)
    return render(
        request,
        "statements/create.html",
        {**ctx, "form": form},
        status=form_status(form),
    )


@login_required
def create_for_org(request, slug):
    org = get_membership_for_user(request, slug).organization
    bodies = {str(body.pk): body for body in org.bodies.all()}
    authors = [("org", org.name)] + [(key, str(body)) for key, body in bodies.items()]

    def resolve(key):
        return {"author_organization": org, "author_body": bodies.get(key)}

    return _create(request, authors=authors, resolve=resolve, ctx={"organization": org})


@login_required
def create_for_coalition(request, slug):
    coalition, is_coordinator = get_coalition_for_member(request, slug)
    if not is_coordinator:
        raise PermissionDenied(_("Only the coalition's coordinators can start a statement."))

    def resolve(key):
        return {"author_coalition": coalition}

    return _create(
        request,
        authors=[("coalition", coalition.name)],
        resolve=resolve,
        ctx={"coalition": coalition},
    )
