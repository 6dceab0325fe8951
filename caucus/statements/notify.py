"""Telling the people who sign for organizations that a draft is open for their signature.

Who is told (issue 4, point 5): everyone who may sign for an organization that can sign the
statement before publication (signatures.services.is_member_organization), i.e. the
delegates, editors and admins of the coalition's active member organizations, or of the
authoring organization for a statement by an organization or one of its bodies. The person who
opened the statement is not told: they are on the page already. A person in several such
organizations gets one email naming them all.

Caucus stores no language per person, so each email is in the first of their organizations'
languages that the site's interface speaks, else in the site's default language.

Each (version, person) pair is an OpeningNotice row, claimed by a conditional UPDATE just
before its email is handed to the mail task: re-opening and retries send nothing twice.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from caucus.accounts.emails import language_for, send_templated
from caucus.coalitions.models import CoalitionMembership
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Membership, Role
from caucus.statements.models import OpeningNotice, Statement, StatementVersion, Status

# Roles that may sign for an organization (signatures.permissions: delegate or higher).
SIGNING_ROLES = [Role.DELEGATE, Role.EDITOR, Role.ADMIN]
NOTIFIED_STATES = (Status.OPEN, Status.PUBLISHED)


def signing_people(statement: Statement, *, exclude_user_id: int | None = None) -> dict:
    """{user: [organizations they may sign for]}, for active accounts with an email."""
    memberships = Membership.objects.filter(role__in=SIGNING_ROLES, user__is_active=True).exclude(
        user__email=""
    )
    if statement.author_coalition_id:
        memberships = memberships.filter(
            organization__in=CoalitionMembership.objects.active()
            .filter(coalition_id=statement.author_coalition_id)
            .organizations(),
        )
    else:
        memberships = memberships.filter(organization_id=statement.author_organization_id)
    if exclude_user_id is not None:
        memberships = memberships.exclude(user_id=exclude_user_id)
    people: dict = defaultdict(list)
    for membership in memberships.select_related("user", "organization").order_by(
        "organization__name", "user_id"
    ):
        people[membership.user].append(membership.organization)
    return dict(people)


def send_opening_notices(
    *, statement: Statement, version: StatementVersion, actor_id: int | None = None
) -> int:
    """Email each person who may sign, once per version; returns how many were emailed.

    1. Nothing while the statement is not signable (back to draft, or withdrawn).
    2. One OpeningNotice per person and version (existing rows are kept as they are).
    3. Each unsent row is claimed (sent_at set where it was empty) and only then emailed.
    """
    if statement.status not in NOTIFIED_STATES or version.statement_id != statement.pk:
        return 0
    people = signing_people(statement, exclude_user_id=actor_id)
    OpeningNotice.objects.bulk_create(
        [OpeningNotice(statement=statement, version=version, user=user) for user in people],
        ignore_conflicts=True,
    )
    link = absolute_url(reverse("signatures:org_sign", args=[statement.slug]))
    read_link = absolute_url(reverse("statements:workspace", args=[statement.slug]))
    sent = 0
    for user, organizations in people.items():
        claimed = OpeningNotice.objects.filter(
            version=version, user=user, sent_at__isnull=True
        ).update(sent_at=timezone.now())
        if claimed != 1:
            continue
        send_templated(
            "statements-opened",
            to=[user.email],
            language=language_for(organizations),
            context={
                "statement": statement,
                "title": version.title,
                "author": statement.author_name,
                "version": version.number,
                "organizations": [o.name for o in organizations],
                "link": link,
                "read_link": read_link,
            },
        )
        sent += 1
    return sent
