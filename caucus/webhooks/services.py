"""Registering webhooks and queueing what they hear (one Delivery per webhook and event).

Events and who hears them:
  statement.published  a statement went public or published a revision: its authoring
                       coalition's or organization's webhooks
  signature.confirmed  a person's signature was confirmed: the same as its statement's
  rsvp.confirmed       a person confirmed an RSVP: the webhooks of the event's organization
                       and of its campaign's coalition
  ping                 an admin asked for a test from the webhooks page: that webhook only
"""

import json
import secrets
import uuid
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.webhooks.models import Delivery, EventKind, Webhook

MAX_PER_OWNER = 10
PING = "ping"  # not an EventKind: nobody subscribes to it, it is sent on request


def _clean_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError({"url": _("Give an https:// address with a host name.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("The address may not carry a user name or password.")})
    if len(url) > 500 or any(c.isspace() for c in url.strip()):
        raise ValidationError({"url": _("This is not a usable address.")})
    return url.strip()


def _clean_events(events: list[str]) -> list[str]:
    known = set(EventKind.values)
    if not events or any(e not in known for e in events):
        raise ValidationError(
            {"events": _("Choose among: %(kinds)s.") % {"kinds": ", ".join(EventKind.values)}}
        )
    return sorted(set(events))


def webhook_create(
    *, owner: Coalition | Organization, url: str, events: list[str], actor
) -> tuple[Webhook, str]:
    """A new webhook and its secret (the only time the secret is given out)."""
    url, events = _clean_url(url), _clean_events(events)
    is_coalition = isinstance(owner, Coalition)
    scope = {"coalition": owner} if is_coalition else {"organization": owner}
    if Webhook.objects.filter(**scope).count() >= MAX_PER_OWNER:
        raise ValidationError(_("There are already %(n)d webhooks.") % {"n": MAX_PER_OWNER})
    secret = secrets.token_urlsafe(32)
    webhook = Webhook.objects.create(
        url=url, events=events, secret=secret, created_by=actor, **scope
    )
    audit_record(actor=actor, action="webhook.created", url=url, events=events, **scope)
    return webhook, secret


def webhook_delete(*, webhook: Webhook, actor) -> None:
    scope = (
        {"coalition": webhook.coalition}
        if webhook.coalition_id
        else {"organization": webhook.organization}
    )
    audit_record(actor=actor, action="webhook.deleted", url=webhook.url, **scope)
    webhook.delete()


def _body(kind: str, data: dict[str, Any]) -> str:
    """The JSON every retry sends unchanged: an id, the type, when, and the event's data."""
    return json.dumps(
        {
            "id": str(uuid.uuid4()),
            "type": kind,
            "created": timezone.now().isoformat(),
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def webhook_ping(*, webhook: Webhook) -> Delivery:
    """Queue a test POST to `webhook`, signed and retried like any event (docs/osdi.md)."""
    from caucus.webhooks.tasks import deliver

    body = _body(PING, {"webhook": {"id": webhook.pk, "url": webhook.url}})
    with transaction.atomic():
        row = Delivery.objects.create(webhook=webhook, kind=PING, body=body)
        transaction.on_commit(partial(deliver.enqueue, row.pk))
    return row


def notify(
    kind: str, data: dict[str, Any], *, coalition_id: int | None, organization_id: int | None
) -> int:
    """Queue `kind` for every webhook of these owners that asked for it; how many."""
    from caucus.webhooks.tasks import deliver

    owners = Q(pk__in=[])
    if coalition_id:
        owners |= Q(coalition_id=coalition_id)
    if organization_id:
        owners |= Q(organization_id=organization_id)
    hooks = [h for h in Webhook.objects.filter(owners) if kind in h.events]
    if not hooks:
        return 0
    body = _body(kind, data)
    with transaction.atomic():
        rows = Delivery.objects.bulk_create(
            [Delivery(webhook=h, kind=kind, body=body) for h in hooks]
        )
        for row in rows:
            transaction.on_commit(partial(deliver.enqueue, row.pk))
    return len(rows)
