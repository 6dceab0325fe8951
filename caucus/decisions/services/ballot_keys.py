"""Ballot keys: a delegate registers a device's public key, an admin approves or revokes it.

Every step is audit-logged for the organization, so its admins and the coordinators of its
coalitions see which keys could sign its ballots, and when each was added or withdrawn.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.decisions import keys
from caucus.decisions.models import BallotKey, BallotKeyState
from caucus.organizations.models import Membership, Organization, Role

MAX_KEYS = 50  # active and pending keys per organization


def _is_admin(actor, organization: Organization) -> bool:
    membership = Membership.objects.filter(user=actor, organization=organization).first()
    return membership is not None and membership.has_role(Role.ADMIN)


def key_register(*, organization: Organization, actor, label: str, public_key: str) -> BallotKey:
    """Record a device's key for `organization`: active at once when an admin registers it,
    otherwise waiting for an admin's approval."""
    if (
        BallotKey.objects.filter(
            organization=organization, state__in=[BallotKeyState.PENDING, BallotKeyState.ACTIVE]
        ).count()
        >= MAX_KEYS
    ):
        raise ValidationError(_("Revoke keys no longer in use before adding another."))
    admin = _is_admin(actor, organization)
    now = timezone.now()
    try:
        with transaction.atomic():
            key = BallotKey.objects.create(
                organization=organization,
                holder=actor,
                label=label,
                public_key=public_key,
                key_id=keys.key_id(public_key),
                state=BallotKeyState.ACTIVE if admin else BallotKeyState.PENDING,
                registered_by=actor,
                approved_at=now if admin else None,
                approved_by=actor if admin else None,
            )
            audit_record(
                actor=actor,
                action="ballot_key.approved" if admin else "ballot_key.registered",
                organization=organization,
                key=key.key_id,
                label=label,
            )
    except IntegrityError:
        raise ValidationError({"public_key": _("This key is already registered.")}) from None
    return key


def key_approve(*, key: BallotKey, actor) -> None:
    """An admin makes a waiting key active: votes opened from now on list it."""
    with transaction.atomic():
        changed = BallotKey.objects.filter(pk=key.pk, state=BallotKeyState.PENDING).update(
            state=BallotKeyState.ACTIVE, approved_at=timezone.now(), approved_by=actor
        )
        if changed != 1:
            raise ValidationError(_("Only a key waiting for approval can be approved."))
        audit_record(
            actor=actor,
            action="ballot_key.approved",
            organization=key.organization,
            key=key.key_id,
            label=key.label,
        )
    key.refresh_from_db()


def key_revoke(*, key: BallotKey, actor) -> None:
    """Withdraw a key (a lost or replaced device): no ballot signed with it is accepted any
    more, and votes opened from now on do not list it."""
    with transaction.atomic():
        changed = (
            BallotKey.objects.filter(pk=key.pk)
            .exclude(state=BallotKeyState.REVOKED)
            .update(state=BallotKeyState.REVOKED, revoked_at=timezone.now(), revoked_by=actor)
        )
        if changed != 1:
            raise ValidationError(_("This key is already revoked."))
        audit_record(
            actor=actor,
            action="ballot_key.revoked",
            organization=key.organization,
            key=key.key_id,
            label=key.label,
        )
    key.refresh_from_db()
