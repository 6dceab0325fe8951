"""Workflows of signing: organizations sign a version, ask to co-sign, re-confirm, withdraw;
individuals sign, confirm and remove their names; coordinators invalidate and export.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import CoalitionMembership
from caucus.lib.crypto import email_index
from caucus.organizations.models import Organization
from caucus.signatures import counting
from caucus.signatures.abuse import email_domain
from caucus.signatures.cache import forget_block
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.signals import signature_confirmed
from caucus.signatures.tasks import notify_cosign_decided, notify_cosign_requested
from caucus.statements.models import Statement, Status

SIGNABLE = (Status.OPEN, Status.PUBLISHED)


def is_member_organization(statement: Statement, organization: Organization) -> bool:
    """Members sign directly: the coalition's active members, or the authoring organization."""
    if statement.author_coalition_id:
        return (
            CoalitionMembership.objects.active()
            .filter(coalition_id=statement.author_coalition_id, organization=organization)
            .exists()
        )
    return organization.pk == statement.author_organization_id


def signed_version(statement: Statement):
    """The text an organization signs now: the published one, else the current draft."""
    return statement.published_version or statement.current_version


def _audit_scope(statement: Statement) -> dict:
    if statement.author_coalition_id:
        return {"coalition": statement.author_coalition}
    return {"organization": statement.author_organization}


def _log(action: str, signature: OrganizationSignature, actor, **data) -> None:
    audit_record(
        actor=actor,
        action=action,
        organization=signature.organization,
        org=signature.organization,
        statement=signature.statement.slug,
        version=signature.version.number,
        **data,
    )
    scope = _audit_scope(signature.statement)
    if scope.get("organization") != signature.organization:
        audit_record(
            actor=actor,
            action=action,
            org=signature.organization,
            statement=signature.statement.slug,
            version=signature.version.number,
            **scope,
            **data,
        )


def organization_sign(
    *, statement: Statement, organization: Organization, actor
) -> OrganizationSignature:
    """Sign (member organizations) or ask to co-sign (others); the version is the one shown."""
    version = signed_version(statement)
    if statement.status not in SIGNABLE or version is None:
        raise ValidationError(_("This statement is not open for signatures."))
    if statement.signing_closed:
        raise ValidationError(_("Signing this statement has closed: its deadline has passed."))
    member = is_member_organization(statement, organization)
    if not member and statement.status != Status.PUBLISHED:
        raise ValidationError(_("Only member organizations can sign before publication."))
    existing = OrganizationSignature.objects.filter(
        statement=statement, organization=organization
    ).first()
    if existing and existing.state in (OrgState.SIGNED, OrgState.REQUESTED):
        raise ValidationError(_("%(org)s has already signed or asked to.") % {"org": organization})
    now = timezone.now()
    signature = existing or OrganizationSignature(statement=statement, organization=organization)
    signature.version = version
    signature.signed_by = actor
    signature.withdrawn_at = None
    signature.decided_by, signature.decided_at = None, None
    if member:
        signature.state, signature.signed_at = OrgState.SIGNED, now
        signature.initial = statement.status == Status.OPEN
    else:
        signature.state, signature.signed_at, signature.initial = OrgState.REQUESTED, None, False
    with transaction.atomic():
        signature.save()
        _log("signature.org_signed" if member else "signature.org_requested", signature, actor)
        transaction.on_commit(lambda: forget_block(statement))
        if not member:
            transaction.on_commit(lambda: notify_cosign_requested.enqueue(signature.pk))
    return signature


def organization_reconfirm(*, signature: OrganizationSignature, actor) -> None:
    """Sign the text published now, after signing an earlier version."""
    statement = signature.statement
    if not signature.is_outdated(statement):
        raise ValidationError(_("This signature is already for the current version."))
    old = signature.version.number
    with transaction.atomic():
        signature.version = signed_version(statement)
        signature.signed_by, signature.signed_at = actor, timezone.now()
        signature.save(update_fields=["version", "signed_by", "signed_at"])
        _log("signature.org_reconfirmed", signature, actor, old_version=old)
        transaction.on_commit(lambda: forget_block(statement))


def organization_withdraw(*, signature: OrganizationSignature, actor) -> None:
    if signature.state not in (OrgState.SIGNED, OrgState.REQUESTED):
        raise ValidationError(_("There is no signature to withdraw."))
    with transaction.atomic():
        signature.state, signature.withdrawn_at = OrgState.WITHDRAWN, timezone.now()
        signature.save(update_fields=["state", "withdrawn_at"])
        _log("signature.org_withdrawn", signature, actor)
        transaction.on_commit(lambda: forget_block(signature.statement))


def organization_decide(*, signature: OrganizationSignature, approve: bool, actor) -> None:
    """A coordinator (or the authoring organization's admin) answers a request to co-sign."""
    if signature.state != OrgState.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    now = timezone.now()
    with transaction.atomic():
        signature.decided_by, signature.decided_at = actor, now
        if approve:
            signature.state, signature.signed_at = OrgState.SIGNED, now
        else:
            signature.state = OrgState.DECLINED
        signature.save(update_fields=["state", "signed_at", "decided_by", "decided_at"])
        _log("signature.org_approved" if approve else "signature.org_declined", signature, actor)
        transaction.on_commit(lambda: forget_block(signature.statement))
        transaction.on_commit(lambda: notify_cosign_decided.enqueue(signature.pk))


def individual_sign(
    *,
    statement: Statement,
    name: str,
    email: str,
    city: str = "",
    country: str = "",
    show_name: bool = False,
    may_contact: bool = False,
    ip_prefix: str = "",
    language: str = "",
) -> tuple[Signature, bool]:
    """One INSERT and, soon after it commits, the confirmation email; (signature, created).

    The same email (normalized by caucus.lib.crypto.normalize_email) signs once: a second
    attempt returns the existing signature and, while it is unconfirmed, resends the link.
    """
    index = email_index(email)
    try:
        signature = _insert(
            statement=statement,
            name=name,
            name_key=name.casefold(),
            city=city,
            country=country,
            email=email.strip(),
            email_index=index,
            email_domain=email_domain(email),
            ip_prefix=ip_prefix,
            language=language,
            show_name=show_name,
            may_contact=may_contact,
        )
    except IntegrityError:
        existing = Signature.objects.filter(statement=statement, email_index=index).first()
        if existing is None:  # removed in the meantime: sign afresh
            return individual_sign(
                statement=statement,
                name=name,
                email=email,
                city=city,
                country=country,
                show_name=show_name,
                may_contact=may_contact,
                ip_prefix=ip_prefix,
                language=language,
            )
        resend = Signature.objects.filter(pk=existing.pk, state=State.PENDING).update(
            mail_sent_at=None
        )
        if resend:
            transaction.on_commit(_enqueue_confirmations)
        return existing, False
    transaction.on_commit(_enqueue_confirmations)
    return signature, True


def _insert(**fields) -> Signature:
    """The signing request's one INSERT. Outside a transaction it runs in autocommit: one
    round trip to the database instead of BEGIN, INSERT, COMMIT, and a duplicate email has
    nothing to roll back. Inside one (a command, a test) a savepoint keeps the outer
    transaction usable after a duplicate."""
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return Signature.objects.create(**fields)
    return Signature.objects.create(**fields)


CONFIRMATION_BATCH_SECONDS = 1


def _enqueue_confirmations() -> None:
    """Have the waiting confirmation emails sent, without a task row per signature.

    Where the task backend can defer (the database worker), at most one batch is enqueued per
    CONFIRMATION_BATCH_SECONDS per process, to run a second after the guard expires: a
    signature committed while the guard holds is committed before that batch runs, so it is
    never left without its email. Other backends (the tests' immediate one) send at once.
    """
    from caucus.signatures.tasks import send_confirmations

    if not send_confirmations.get_backend().supports_defer:
        send_confirmations.enqueue()
        return
    if cache.add("sig-mail-batch", 1, CONFIRMATION_BATCH_SECONDS):
        later = timezone.now() + timedelta(seconds=CONFIRMATION_BATCH_SECONDS + 1)
        send_confirmations.using(run_after=later).enqueue()


def individual_confirm(*, signature: Signature) -> bool:
    """Count the signature; False when it was not waiting for confirmation (nothing changes)."""
    changed = Signature.objects.filter(pk=signature.pk, state=State.PENDING).update(
        state=State.CONFIRMED, confirmed_at=timezone.now()
    )
    if changed == 1:
        pk = signature.pk
        transaction.on_commit(lambda: signature_confirmed.send(Signature, signature_id=pk))
    return changed == 1


def individual_remove(*, signature: Signature) -> None:
    """Delete the signature and everything it held; the count drops with it."""
    with transaction.atomic():
        counting.remove_confirmed(
            signature.statement_id,
            Signature.objects.filter(pk=signature.pk),
            lambda qs: qs.delete()[0],
        )
        transaction.on_commit(lambda: forget_block(signature.statement))


def invalidation_selection(
    *, statement: Statement, start, end, ip_prefix: str = "", domain: str = ""
) -> QuerySet[Signature]:
    """The signatures made in [start, end) from one IP prefix or email domain that still
    count or may (what the confirmation page counts and signatures_invalidate changes)."""
    if not ip_prefix and not domain:
        raise ValidationError({"ip_prefix": _("Give an IP prefix or an email domain.")})
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    selection = Signature.objects.filter(
        statement=statement,
        created__gte=start,
        created__lt=end,
        state__in=[State.PENDING, State.CONFIRMED],
    )
    if ip_prefix:
        selection = selection.filter(ip_prefix=ip_prefix)
    if domain:
        selection = selection.filter(email_domain=domain.strip().lower())
    return selection


def signatures_invalidate(
    *, statement: Statement, start, end, ip_prefix: str = "", domain: str = "", actor
) -> int:
    """Invalidate the signatures made in [start, end) from one IP prefix or email domain."""
    selection = invalidation_selection(
        statement=statement, start=start, end=end, ip_prefix=ip_prefix, domain=domain
    )
    with transaction.atomic():
        changed = counting.remove_confirmed(
            statement.pk, selection, lambda qs: qs.update(state=State.INVALIDATED)
        )
        audit_record(
            actor=actor,
            action="signature.invalidated",
            count=changed,
            statement=statement.slug,
            start=start.isoformat(timespec="minutes"),
            end=end.isoformat(timespec="minutes"),
            criteria=_("an email domain") if domain and not ip_prefix else _("an IP prefix"),
            **_audit_scope(statement),
        )
        transaction.on_commit(lambda: forget_block(statement))
    return changed


def contacts_for_export(*, statement: Statement, actor):
    """Confirmed signers who allowed contact, with their emails; the export is logged."""
    signers = Signature.objects.filter(
        statement=statement, state=State.CONFIRMED, may_contact=True
    ).exclude(email="")
    audit_record(
        actor=actor,
        action="signature.contacts_exported",
        statement=statement.slug,
        count=signers.count(),
        **_audit_scope(statement),
    )
    return signers.order_by("id").only(
        "name", "email", "city", "country", "language", "confirmed_at"
    )


def signer_emails_expire(*, days: int) -> int:
    """Delete the emails of signers confirmed more than `days` days ago; keep the signatures.

    Unconfirmed signatures whose link has expired are deleted altogether.
    """
    now = timezone.now()
    expired_links = now - timedelta(days=settings.SIGNATURE_CONFIRM_MAX_AGE_DAYS + 1)
    Signature.objects.filter(state=State.PENDING, created__lt=expired_links).delete()
    if days <= 0:
        return 0
    cutoff = now - timedelta(days=days)
    return (
        Signature.objects.filter(
            Q(state=State.CONFIRMED, confirmed_at__lt=cutoff)
            | Q(state=State.INVALIDATED, created__lt=cutoff)
        )
        .exclude(email="")
        .update(email="", may_contact=False)
    )
