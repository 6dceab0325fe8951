"""What webhooks hear: the domain apps' signals, turned into payloads (shapes in docs/osdi.md).

Payloads carry what the webhook's owners may read through the API anyway (caucus/api/osdi/):
a signer's email only if they allowed contact, an RSVP's to the event's organizers. The daily
housekeeping's signal prunes the deliveries that carried them.
"""

from typing import Any

from caucus.campaigns.models import Rsvp
from caucus.campaigns.signals import rsvp_confirmed
from caucus.lib import sweeps
from caucus.lib.urls import absolute_url
from caucus.signatures.models import Signature
from caucus.signatures.signals import housekeeping, signature_confirmed
from caucus.statements.models import Statement
from caucus.statements.signals import revision_published, went_public
from caucus.webhooks import delivery
from caucus.webhooks.models import EventKind
from caucus.webhooks.services import notify


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _owners(statement: Statement) -> dict[str, int | None]:
    return {
        "coalition_id": statement.author_coalition_id,
        "organization_id": statement.author_organization_id,
    }


def _petition(statement: Statement) -> dict[str, Any]:
    version = statement.published_version
    return {
        "identifiers": [f"caucus:{statement.slug}"],
        "title": version.title if version else "",
        "version": version.number if version else None,
        "browser_url": absolute_url(statement.get_absolute_url()),
        "published_at": _iso(statement.published_at),
    }


def on_publication(sender, statement: Statement, **kwargs) -> None:
    statement = Statement.objects.select_related("published_version").get(pk=statement.pk)
    notify(EventKind.STATEMENT_PUBLISHED, {"petition": _petition(statement)}, **_owners(statement))


def on_signature(sender, signature_id: int, **kwargs) -> None:
    signature = (
        Signature.objects.select_related("statement__published_version")
        .filter(pk=signature_id)
        .first()
    )
    if signature is None:
        return
    email = signature.email if signature.may_contact and signature.email else ""
    data = {
        "petition": {"identifiers": [f"caucus:{signature.statement.slug}"]},
        "signature": {
            "identifiers": [f"caucus:signature-{signature.pk}"],
            "created_date": _iso(signature.confirmed_at),
            "public": signature.show_name,
            "person": {
                "given_name": signature.name,
                "postal_addresses": [{"locality": signature.city, "country": signature.country}],
                "email_addresses": [{"address": email, "primary": True}] if email else [],
            },
        },
    }
    notify(EventKind.SIGNATURE_CONFIRMED, data, **_owners(signature.statement))


def on_rsvp(sender, rsvp_id: int, **kwargs) -> None:
    rsvp = Rsvp.objects.select_related("event__campaign").filter(pk=rsvp_id).first()
    if rsvp is None:
        return
    event = rsvp.event
    data = {
        "event": {"identifiers": [f"caucus:{event.uid}"], "title": event.title},
        "attendance": {
            "identifiers": [f"caucus:rsvp-{rsvp.pk}"],
            "created_date": _iso(rsvp.confirmed_at),
            "status": "accepted",
            "person": {
                "given_name": rsvp.name,
                "email_addresses": [{"address": rsvp.email, "primary": True}],
            },
        },
    }
    coalition_id = event.campaign.coalition_id if event.campaign_id else None
    notify(
        EventKind.RSVP_CONFIRMED,
        data,
        coalition_id=coalition_id,
        organization_id=event.organization_id,
    )


def on_housekeeping(sender, **kwargs) -> dict[str, dict[str, int]]:
    """Prune finished deliveries with the task rows, once a day, and restart the retry sweep
    if the queue lost it."""
    from caucus.webhooks import tasks  # not at start-up: defining a task picks its backend

    if tasks.retry_due.get_backend().supports_defer:
        sweeps.schedule(tasks.retry_due)
    return {"webhook_deliveries": delivery.prune()}


def connect() -> None:
    went_public.connect(on_publication, dispatch_uid="webhooks.went_public")
    revision_published.connect(on_publication, dispatch_uid="webhooks.revision_published")
    signature_confirmed.connect(on_signature, dispatch_uid="webhooks.signature_confirmed")
    rsvp_confirmed.connect(on_rsvp, dispatch_uid="webhooks.rsvp_confirmed")
    housekeeping.connect(on_housekeeping, dispatch_uid="webhooks.housekeeping")
