"""Workflows across coalition models: creating, inviting, responding, platform versions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import (
    Coalition,
    CoalitionMembership,
    Coordinator,
    MemberListVisibility,
    MemberStatus,
    PlatformVersion,
)
from caucus.organizations.models import Organization, Role


def coalition_create(
    *,
    organization: Organization,
    actor,
    name: str,
    slug: str,
    description: str = "",
    member_list: str = MemberListVisibility.MEMBERS,
    is_public: bool = True,
    language: str = "en",
) -> Coalition:
    """A new coalition with `organization` as its first active member and `actor` coordinating."""
    if Coalition.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another coalition already uses this slug.")})
    now = timezone.now()
    with transaction.atomic():
        coalition = Coalition.objects.create(
            name=name,
            slug=slug,
            description=description,
            language=language,
            member_list=member_list,
            is_public=is_public,
        )
        Coordinator.objects.create(coalition=coalition, user=actor)
        CoalitionMembership.objects.create(
            coalition=coalition,
            organization=organization,
            status=MemberStatus.ACTIVE,
            invited_at=now,
            joined_at=now,
            invited_by=actor,
        )
        audit_record(
            actor=actor,
            action="coalition.created",
            coalition=coalition,
            organization=organization,
            name=name,
            org=str(organization),
        )
    return coalition


def coalition_update(*, coalition: Coalition, actor, changed: list[str]) -> None:
    """Save settings a form applied; a change of member-list visibility gets its own entry."""
    if not changed:
        return
    with transaction.atomic():
        coalition.save()
        if "member_list" in changed:
            audit_record(
                actor=actor,
                action="coalition.visibility_changed",
                coalition=coalition,
                visibility=coalition.member_list,
            )
        others = [field for field in changed if field != "member_list"]
        if others:
            audit_record(
                actor=actor,
                action="coalition.updated",
                coalition=coalition,
                fields=", ".join(others),
            )


def coalition_invite(
    *, coalition: Coalition, organization: Organization, actor
) -> CoalitionMembership:
    from caucus.coalitions.tasks import notify_coalition_invitation

    now = timezone.now()
    with transaction.atomic():
        membership, created = CoalitionMembership.objects.select_for_update().get_or_create(
            coalition=coalition,
            organization=organization,
            defaults={"status": MemberStatus.INVITED, "invited_at": now, "invited_by": actor},
        )
        if not created:
            if membership.status == MemberStatus.ACTIVE:
                message = _("%(org)s is already a member.")
            elif membership.status == MemberStatus.INVITED:
                message = _("%(org)s has already been invited.")
            else:
                message = ""
            if message:
                raise ValidationError({"organization": message % {"org": organization}})
            membership.status = MemberStatus.INVITED
            membership.invited_at, membership.invited_by = now, actor
            membership.declined_at = None
            membership.save(update_fields=["status", "invited_at", "invited_by", "declined_at"])
        audit_record(
            actor=actor,
            action="coalition.org_invited",
            coalition=coalition,
            organization=organization,
            org=str(organization),
            name=str(coalition),
        )
        transaction.on_commit(lambda: notify_coalition_invitation.enqueue(membership.pk))
    return membership


def coalition_respond(*, membership: CoalitionMembership, accept: bool, actor) -> None:
    """An admin of the invited organization accepts or declines on its behalf."""
    with transaction.atomic():
        membership = CoalitionMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MemberStatus.INVITED:
            raise ValidationError(_("There is no pending invitation to respond to."))
        now = timezone.now()
        if accept:
            membership.status, membership.joined_at, membership.left_at = (
                MemberStatus.ACTIVE,
                now,
                None,
            )
        else:
            membership.status, membership.declined_at = MemberStatus.DECLINED, now
        membership.save(update_fields=["status", "joined_at", "left_at", "declined_at"])
        audit_record(
            actor=actor,
            action="coalition.invitation_accepted" if accept else "coalition.invitation_declined",
            coalition=membership.coalition,
            organization=membership.organization,
            org=str(membership.organization),
            name=str(membership.coalition),
        )


def coalition_leave(*, membership: CoalitionMembership, actor, removed: bool = False) -> None:
    """The organization leaves (its admin) or is removed (a coordinator); the dates remain."""
    with transaction.atomic():
        membership = CoalitionMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (MemberStatus.ACTIVE, MemberStatus.INVITED):
            raise ValidationError(_("This organization is not a member."))
        was_active = membership.status == MemberStatus.ACTIVE
        membership.status = MemberStatus.LEFT if was_active else MemberStatus.DECLINED
        membership.left_at = timezone.now() if was_active else None
        membership.save(update_fields=["status", "left_at"])
        audit_record(
            actor=actor,
            action="coalition.org_removed" if removed else "coalition.org_left",
            coalition=membership.coalition,
            organization=membership.organization,
            org=str(membership.organization),
            name=str(membership.coalition),
        )


def coordinator_add(*, coalition: Coalition, user, actor) -> Coordinator:
    in_member_org = coalition.memberships.active().of_user(user).exists()
    if not in_member_org:
        raise ValidationError(
            {"user": _("A coordinator must belong to an active member organization.")}
        )
    try:
        with transaction.atomic():
            coordinator = Coordinator.objects.create(coalition=coalition, user=user)
            audit_record(
                actor=actor,
                action="coalition.coordinator_added",
                coalition=coalition,
                user=str(user),
            )
    except IntegrityError as exc:
        raise ValidationError({"user": _("This person is already a coordinator.")}) from exc
    return coordinator


def coordinator_remove(*, coordinator: Coordinator, actor) -> None:
    with transaction.atomic():
        count = len(
            list(Coordinator.objects.select_for_update().filter(coalition=coordinator.coalition))
        )
        if count <= 1:
            raise ValidationError(_("A coalition needs at least one coordinator."))
        coordinator.delete()
        audit_record(
            actor=actor,
            action="coalition.coordinator_removed",
            coalition=coordinator.coalition,
            user=str(coordinator.user),
        )


def platform_save(
    *, coalition: Coalition, points: list[str], actor, note: str = ""
) -> PlatformVersion:
    """A new immutable version of the platform; saving the same points again is refused."""
    points = [point.strip() for point in points if point.strip()]
    if not points:
        raise ValidationError({"points": _("The platform needs at least one point.")})
    with transaction.atomic():
        current = coalition.current_platform()
        if current is not None and current.points == points:
            raise ValidationError(
                {"points": _("Nothing changed since version %(n)s.") % {"n": current.number}}
            )
        number = (coalition.platform_versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = PlatformVersion.objects.create(
            coalition=coalition, number=number, points=points, author=actor, note=note
        )
        audit_record(actor=actor, action="platform.updated", coalition=coalition, version=number)
    return version


def candidates_for_coordinator(coalition: Coalition):
    """People who may be made coordinators: members of active member organizations."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organization__in=coalition.active_organizations(),
            memberships__role__in=[Role.ADMIN, Role.EDITOR, Role.DELEGATE],
        )
        .exclude(coordinating__coalition=coalition)
        .distinct()
        .order_by("name")
    )
