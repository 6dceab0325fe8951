"""The guards for statements: who may read a draft, edit it, propose and accept amendments.

Rules (issue 4):
- a statement by an organization (or one of its bodies) is drafted by any member of that
  organization (delegate, editor, admin); editors and admins accept amendments;
- a statement by a coalition is drafted by its coordinators, who accept amendments; members
  of the coalition's active member organizations read the draft and propose amendments;
- published (and withdrawn) statements are public; everything else is private.
"""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.accounts.mfa import has_mfa
from caucus.coalitions.models import CoalitionMembership, Coordinator
from caucus.organizations.models import ROLE_RANK, Membership, Role
from caucus.organizations.permissions import require_mfa
from caucus.statements.models import Statement, Status


def _org_role(user, statement: Statement) -> str | None:
    if statement.author_organization_id is None:
        return None
    membership = Membership.objects.filter(
        organization_id=statement.author_organization_id, user=user
    ).first()
    return membership.role if membership else None


def can_edit_statement(user, statement: Statement) -> bool:
    """Drafting rights (before the second-factor check)."""
    if not user.is_authenticated:
        return False
    if statement.author_coalition_id:
        return Coordinator.objects.filter(
            coalition_id=statement.author_coalition_id, user=user
        ).exists()
    return _org_role(user, statement) is not None


def can_accept_amendments(user, statement: Statement) -> bool:
    if not user.is_authenticated:
        return False
    if statement.author_coalition_id:
        return Coordinator.objects.filter(
            coalition_id=statement.author_coalition_id, user=user
        ).exists()
    role = _org_role(user, statement)
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.EDITOR]


def can_propose_amendments(user, statement: Statement) -> bool:
    """Editors, and for a coalition's statement anyone in an active member organization."""
    if not user.is_authenticated:
        return False
    if can_edit_statement(user, statement):
        return True
    if statement.author_coalition_id:
        return (
            CoalitionMembership.objects.active()
            .filter(coalition_id=statement.author_coalition_id)
            .of_user(user)
            .exists()
        )
    return False


def proposer_organization(user, statement: Statement):
    """The organization an amendment is proposed for: the author, else the first member org."""
    if statement.author_organization_id or statement.author_coalition_id is None:
        return statement.author_organization
    membership = (
        Membership.objects.filter(
            user=user,
            organization__in=CoalitionMembership.objects.active()
            .filter(coalition_id=statement.author_coalition_id)
            .organizations(),
        )
        .select_related("organization")
        .first()
    )
    return membership.organization if membership else None


def _republishers(user, statement: Statement) -> list:
    """The person's organizations that may republish: editor or admin there, not the author."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return [
        m.organization
        for m in memberships
        if ROLE_RANK[Role(m.role)] >= ROLE_RANK[Role.EDITOR]
        and m.organization_id != statement.author_organization_id
    ]


def may_republish(user, statement: Statement) -> bool:
    """Whether to offer "Republish": the rule of republishing_organizations, as a yes or no."""
    published = statement.is_public and statement.status == Status.PUBLISHED
    return published and bool(_republishers(user, statement)) and has_mfa(user)


def may_open_workspace(user, statement: Statement) -> bool:
    """Whether to offer the drafting page: the rule of the workspace view, as a yes or no."""
    return can_propose_amendments(user, statement) and has_mfa(user)


def republishing_organizations(user, statement: Statement) -> list:
    """The organizations `user` may republish `statement` for: editor or admin there, not the
    author. Refuses (PermissionDenied) an unpublished statement, no such organization, or an
    account without a second factor."""
    if not statement.is_public or statement.status != Status.PUBLISHED:
        raise PermissionDenied(_("Only a published statement can be republished."))
    organizations = _republishers(user, statement)
    if not organizations:
        raise PermissionDenied(_("Republishing needs the editor role in another organization."))
    require_mfa(user)
    return organizations


class StatementAccess:
    """What a person may do with a statement, as its guard found it, so that views and the
    API ask it rather than restate the rules.

    read_drafts  every version and the draft's translations: drafters and, for a coalition's
                 statement, anyone in an active member organization (can_propose_amendments)
    edit         change the text and details (drafters; with a second factor once public)
    accept       accept or reject amendments (can_accept_amendments), computed when asked
    """

    def __init__(self, statement: Statement, user, *, read_drafts: bool, edit: bool) -> None:
        self.statement, self.user = statement, user
        self.read_drafts, self.edit = read_drafts, edit

    @cached_property
    def accept(self) -> bool:
        return self.read_drafts and can_accept_amendments(self.user, self.statement)


def get_statement_for_user(request: HttpRequest, slug: str) -> tuple[Statement, bool]:
    """(statement, can_edit) for the signed-in person: get_statement_access, for the views
    that only ask whether the person edits."""
    access = get_statement_access(request, slug)
    return access.statement, access.edit


def get_statement_access(request: HttpRequest, slug: str) -> StatementAccess:
    """What the signed-in person may do with statement `slug`.

    404 for an unknown slug. A public statement is returned to anyone, with can_edit only for
    its drafters who have a second factor (edit views call require_mfa for the 403 page).
    A private one (draft, open, scheduled) needs the right to read drafts (drafters and, for
    a coalition, members of active member organizations): 403 otherwise, and MFARequired
    until the person has a second factor.
    """
    statement = get_object_or_404(
        Statement.objects.select_related(
            "author_organization",
            "author_body",
            "author_coalition",
            "current_version",
            "published_version",
        ),
        slug=slug,
    )
    user = request.user
    reader = can_propose_amendments(user, statement)
    editor = reader and can_edit_statement(user, statement)
    if not reader:
        if statement.is_public:
            return StatementAccess(statement, user, read_drafts=False, edit=False)
        raise PermissionDenied(_("Only the statement's drafters can see this draft."))
    if statement.is_public:
        editor = editor and has_mfa(user)
    else:
        require_mfa(user)
    return StatementAccess(statement, user, read_drafts=True, edit=editor)


def get_readable_statement(request: HttpRequest, slug: str) -> Statement:
    """A statement the person may read: public, or a draft they may read (second factor)."""
    statement, _can_edit = get_statement_for_user(request, slug)
    if not statement.is_public:
        require_mfa(request.user)
    return statement


def get_editable_statement(request: HttpRequest, slug: str) -> Statement:
    """The guard for changing a statement: drafters only, with a second factor."""
    statement, can_edit = get_statement_for_user(request, slug)
    if not can_edit:
        if can_propose_amendments(request.user, statement):
            require_mfa(request.user)
        raise PermissionDenied(_("Only the statement's drafters can do this."))
    return statement


def get_public_statement(slug: str) -> Statement:
    """The statement `slug` if the public may read it (published or withdrawn, time reached)."""
    statement = (
        Statement.objects.public()
        .select_related(
            "author_organization",
            "author_body",
            "author_body__organization",
            "author_coalition",
            "published_version",
            "current_version",
        )
        .filter(slug=slug)
        .first()
    )
    if statement is None:
        raise Http404(_("No such statement."))
    return statement
