"""Webhooks in the API: a coalition's coordinators (or an organization's admins) register an
HTTPS endpoint and get its secret once; Caucus then POSTs signed events to it
(caucus/webhooks/, docs/osdi.md)."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, In
from caucus.organizations.permissions import require_mfa
from caucus.webhooks import services
from caucus.webhooks.permissions import get_owner_for_admin, webhooks_for_admin

router = Router(tags=["webhooks"])
Kind = Literal["signature.confirmed", "rsvp.confirmed", "statement.published"]


class WebhookIn(In):
    """For a coalition or for an organization: exactly one of the two slugs is given."""

    model_config = {
        "json_schema_extra": {
            "oneOf": [
                {"required": [name], "properties": {name: {"type": "string", "minLength": 1}}}
                for name in ("coalition", "organization")
            ]
        }
    }

    coalition: str = Field("", max_length=60, description="The slug of a coalition you coordinate.")
    organization: str = Field(
        "", max_length=60, description="Or the slug of an organization you administer."
    )
    url: str = Field(
        max_length=500, pattern=r"^https://\S+$", examples=["https://example.org/hook"]
    )
    events: list[Kind] = Field(min_length=1, max_length=3)


class WebhookOut(Schema):
    id: int
    coalition: str | None = Field(None, alias="coalition.slug")
    organization: str | None = Field(None, alias="organization.slug")
    url: str
    events: list[str]
    created: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="The HMAC key. Shown this once: keep it.")


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_webhooks(request: HttpRequest):
    """The webhooks of the coalitions you coordinate and the organizations you administer."""
    require_mfa(request.user)
    return (
        webhooks_for_admin(request.user).select_related("coalition", "organization").order_by("id")
    )


@router.post("/webhooks", response={201: WebhookCreatedOut, **ERRORS}, auth=SIGNED_IN)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    """Register an endpoint for a coalition or an organization (exactly one of the two); the
    answer carries the secret that signs every POST, and no later answer does."""
    if bool(payload.coalition) == bool(payload.organization):
        raise ValidationError({"coalition": _("Name a coalition or an organization, not both.")})
    owner = get_owner_for_admin(
        request, coalition=payload.coalition, organization=payload.organization
    )
    webhook, secret = services.webhook_create(
        owner=owner, url=payload.url, events=list(payload.events), actor=request.user
    )
    webhook.secret = secret
    return Status(201, webhook)


@router.delete("/webhooks/{pk}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def delete_webhook(request: HttpRequest, pk: int):
    """Delete a webhook; deliveries still queued for it are dropped."""
    require_mfa(request.user)
    webhook = webhooks_for_admin(request.user).filter(pk=pk).first() if 0 < pk < 2**62 else None
    if webhook is None:
        raise Http404
    services.webhook_delete(webhook=webhook, actor=request.user)
    return Status(204, None)
