"""Workflows across organization models: invitations, roles, bodies, profile edits."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.organizations.models import (
    Body,
    Invitation,
    InvitationState,
    Membership,
    Organization,
    Role,
)


def organization_update(*, organization: Organization, actor, changed: list[str]) -> None:
    """Save a profile edit the form has applied, and log which fields changed."""
    if not changed:
        return
    with transaction.atomic():
        organization.save()
        audit_record(
            actor=actor,
            action="organization.updated",
            organization=organization,
            fields=", ".join(changed),
        )


def invitation_create(*, organization: Organization, email: str, role: str, actor) -> Invitation:
    from caucus.organizations.tasks import send_invitation

    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    pending = [
        inv
        for inv in organization.invitations.filter(email__iexact=email)
        if inv.state == InvitationState.PENDING
    ]
    if pending:
        raise ValidationError(
            {
                "email": _(
                    "An invitation to this address is still pending. Revoke it to send a new one."
                )
            }
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organization=organization, email=email, role=role, invited_by=actor
        )
        audit_record(
            actor=actor,
            action="invitation.created",
            organization=organization,
            invitation=invitation.pk,
            role=invitation.role,
        )
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_revoke(*, invitation: Invitation, actor) -> None:
    if invitation.state != InvitationState.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="invitation.revoked",
            organization=invitation.organization,
            invitation=invitation.pk,
        )


def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the organization; a person already there keeps the higher of the two roles."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != InvitationState.PENDING:
            raise ValidationError(_("This invitation can no longer be used."))
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(_("This invitation was sent to another email address."))
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        if not created and not membership.has_role(invitation.role):
            membership.role = invitation.role
            membership.save(update_fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="invitation.accepted",
            organization=invitation.organization,
            invitation=invitation.pk,
            user=str(user),
            role=invitation.role,
        )
    return membership


def user_create_from_invitation(*, invitation: Invitation, name: str, password: str):
    """A new account whose email is verified by the fact that the invitation link reached it."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(email=invitation.email, password=password, name=name)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation_accept(invitation=invitation, user=user)
    return user


def _admin_count(organization: Organization) -> int:
    """Admins of the organization, locking their rows so two demotions cannot both pass."""
    admins = Membership.objects.select_for_update().filter(
        organization=organization, role=Role.ADMIN
    )
    return len(list(admins))


def membership_change_role(*, membership: Membership, role: str, actor) -> None:
    old_role = membership.role
    if membership.role == role:
        return
    with transaction.atomic():
        if membership.role == Role.ADMIN and _admin_count(membership.organization) <= 1:
            raise ValidationError({"role": _("An organization needs at least one admin.")})
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="member.role_changed",
            organization=membership.organization,
            user=str(membership.user),
            old_role=old_role,
            new_role=membership.role,
        )


def membership_remove(*, membership: Membership, actor) -> None:
    with transaction.atomic():
        if membership.role == Role.ADMIN and _admin_count(membership.organization) <= 1:
            raise ValidationError(_("An organization needs at least one admin."))
        membership.delete()
        audit_record(
            actor=actor,
            action="member.removed",
            organization=membership.organization,
            user=str(membership.user),
            role=membership.role,
        )


def body_create(
    *, organization: Organization, name: str, slug: str, description: str, actor
) -> Body:
    slug = slug or slugify(name)[:60]
    if not slug:
        raise ValidationError({"slug": _("Give the body a slug made of letters or digits.")})
    if organization.bodies.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This organization already has a body with this slug.")})
    with transaction.atomic():
        body = Body.objects.create(
            organization=organization, name=name, slug=slug, description=description
        )
        audit_record(actor=actor, action="body.created", organization=organization, body=name)
    return body
