"""Emails to the people who act for organizations (issue 4, points 5 and 6): a revision asks
the organizations that signed an earlier version to re-confirm; a request to co-sign reaches
the statement's managers, and their answer reaches the person who asked.

Each function runs inside a task that holds only ids (signatures/tasks.py) and sends at once
(accounts.emails.send_templated), in the recipient's language (issue 16): an organization's
people in its language, a person in their own (accounts.emails.user_language).
"""

from django.urls import reverse

from caucus.accounts.emails import language_for, send_templated, send_to_each, user_language
from caucus.coalitions.models import Coordinator
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Membership, Role
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.statements.models import Statement


def _reachable(users) -> list:
    """Each active person with an address once, in the order of their addresses."""
    by_email = {user.email: user for user in users if user.email and user.is_active}
    return [by_email[email] for email in sorted(by_email)]


def _emails(users) -> list[str]:
    return [user.email for user in _reachable(users)]


def _managers(statement: Statement) -> list:
    """Who answers requests to co-sign (signatures.permissions.can_manage)."""
    if statement.author_coalition_id:
        return _reachable(
            c.user
            for c in Coordinator.objects.filter(
                coalition_id=statement.author_coalition_id
            ).select_related("user")
        )
    return _reachable(
        m.user
        for m in Membership.objects.filter(
            organization_id=statement.author_organization_id, role=Role.ADMIN
        ).select_related("user")
    )


def _signing_page(statement: Statement) -> str:
    return absolute_url(reverse("signatures:org_sign", args=[statement.slug]))


def ask_to_reconfirm(*, statement: Statement) -> int:
    """Email each organization that signed an older text, once per published version
    (claimed by a conditional UPDATE of reconfirm_asked); returns how many were asked."""
    version = statement.published_version
    if version is None:
        return 0
    outdated = (
        OrganizationSignature.objects.filter(statement=statement, state=OrgState.SIGNED)
        .exclude(version=version)
        .select_related("organization", "version")
    )
    asked = 0
    for signature in outdated:
        claimed = (
            OrganizationSignature.objects.filter(pk=signature.pk, state=OrgState.SIGNED)
            .exclude(reconfirm_asked=version.number)
            .update(reconfirm_asked=version.number)
        )
        if claimed != 1:
            continue
        members = Membership.objects.filter(organization=signature.organization).select_related(
            "user"
        )
        to = _emails(m.user for m in members)
        if to:
            language = language_for([signature.organization])
            send_templated(
                "signatures-reconfirm",
                to=to,
                context={
                    "statement": statement.title_in(language),
                    "organization": signature.organization,
                    "signed": signature.version.number,
                    "version": version.number,
                    "compare_link": absolute_url(
                        reverse("statements:compare", args=[statement.slug])
                        + f"?a={signature.version.number}&b={version.number}"
                    ),
                    "link": _signing_page(statement),
                },
                language=language,
            )
            asked += 1
    return asked


def cosign_requested(*, signature: OrganizationSignature) -> None:
    """Each manager of the statement hears of the request in their own language."""
    statement = signature.statement
    link = absolute_url(reverse("signatures:manage", args=[statement.slug]))

    def send(manager) -> None:
        language = user_language(manager)
        send_templated(
            "signatures-cosign-request",
            to=[manager.email],
            context={
                "statement": statement.title_in(language),
                "organization": signature.organization,
                "version": signature.version.number,
                "link": link,
            },
            language=language,
        )

    send_to_each(_managers(statement), send)


def cosign_decided(*, signature: OrganizationSignature) -> None:
    requester = signature.signed_by
    if requester is None or not requester.email:
        return
    language = user_language(requester)
    send_templated(
        "signatures-cosign-decision",
        to=[requester.email],
        context={
            "statement": signature.statement.title_in(language),
            "organization": signature.organization,
            "approved": signature.state == OrgState.SIGNED,
            "link": _signing_page(signature.statement),
        },
        language=language,
    )


def signing_reminder(*, reminder) -> int:
    """The reminder of one organization to sign, to each person who may sign for it, in the
    organization's language (accounts.emails.language_for); returns how many were sent."""
    from caucus.statements.notify import SIGNING_ROLES

    statement, organization = reminder.statement, reminder.organization
    people = _emails(
        m.user
        for m in Membership.objects.filter(
            organization=organization, role__in=SIGNING_ROLES
        ).select_related("user")
    )
    context = {
        "statement": statement,
        "title": reminder.version.title,
        "author": statement.author_name,
        "organization": organization.display_name,
        "version": reminder.version.number,
        "link": _signing_page(statement),
        "read_link": absolute_url(reverse("statements:workspace", args=[statement.slug])),
    }
    language = language_for([organization])
    return send_to_each(
        people,
        lambda to: send_templated(
            "signatures-reminder", to=[to], context=context, language=language
        ),
    )
