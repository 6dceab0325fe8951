"""Drafting statements: creation, the workspace, versions and their comparison, the lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.coalitions.permissions import get_coalition_for_member
from caucus.lib.confirm import confirm_page
from caucus.lib.diff import diff_stats, render_diff, word_diff
from caucus.lib.forms import apply_validation_error
from caucus.lib.markdown_text import text_blocks
from caucus.organizations.permissions import get_membership_for_user, require_mfa
from caucus.statements import services
from caucus.statements.confirmations import confirm_publish, confirm_withdraw
from caucus.statements.forms import (
    PublishForm,
    StatementCreateForm,
    StatementMetaForm,
    VersionForm,
    WithdrawForm,
)
from caucus.statements.models import AmendmentState, Statement, Status
from caucus.statements.permissions import (
    can_accept_amendments,
    can_propose_amendments,
    get_editable_statement,
    get_statement_for_user,
)


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
        status=400 if form.errors else 200,
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


@login_required
def workspace(request, slug):
    statement, can_edit = get_statement_for_user(request, slug)
    if not (can_edit or can_propose_amendments(request.user, statement)):
        raise PermissionDenied(_("Only the statement's drafters can see this page."))
    require_mfa(request.user)
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
    return render(request, "statements/edit_text.html", ctx, status=400 if form.errors else 200)


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
    return render(request, "statements/edit_details.html", ctx, status=400 if form.errors else 200)


def _readable_versions(request, slug):
    """(statement, queryset of versions this reader may see, can_edit)."""
    statement, can_edit = get_statement_for_user(request, slug)
    if can_edit or can_propose_amendments(request.user, statement):
        if not statement.is_public:
            require_mfa(request.user)
        return statement, statement.versions.select_related("author"), can_edit
    published = statement.publications.filter(published_at__lte=timezone.now()).values("version_id")
    return statement, statement.versions.filter(pk__in=published), False


def versions(request, slug):
    statement, versions, can_edit = _readable_versions(request, slug)
    versions = list(versions.order_by("-number"))
    ctx = {"statement": statement, "versions": versions, "can_edit": can_edit}
    return render(request, "statements/versions.html", ctx)


def version_detail(request, slug, number):
    statement, versions, _can_edit = _readable_versions(request, slug)
    version = get_object_or_404(versions, number=number)
    return render(request, "statements/version.html", {"statement": statement, "version": version})


def compare(request, slug):
    statement, versions, _can_edit = _readable_versions(request, slug)
    numbers = sorted(v.number for v in versions)
    if not numbers:
        raise Http404
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        return render(
            request, "statements/compare.html", {"statement": statement, "bad": True}, status=400
        )
    old = versions.filter(number=a).first()
    new = versions.filter(number=b).first()
    if old is None or new is None:
        raise Http404
    title_chunks = word_diff(old.title, new.title)
    # The text as readers see it, block by block: no Markdown markup in the diff.
    body_chunks = word_diff(text_blocks(old.body), text_blocks(new.body))
    ctx = {
        "statement": statement,
        "old": old,
        "new": new,
        "numbers": numbers,
        "title_diff": render_diff(title_chunks),
        "body_diff": render_diff(body_chunks),
        "stats": diff_stats(title_chunks + body_chunks),
    }
    return render(request, "statements/compare.html", ctx)


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
    status = 400 if form.errors else 200
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
    status = 400 if form.errors else 200
    return confirm_page(request, **confirm_withdraw(statement), extra=extra, status=status)
