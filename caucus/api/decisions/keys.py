"""Ballot keys in the API: an organization's Ed25519 keys for signing its ballots (registered,
approved and revoked through the web's services, so every step is audit-logged), the
coordinators' view of every member organization's keys, and the signing request for a ballot
signed offline with tools/caucus_ballot.py (the web's "sign without JavaScript" page).

Who may do what is the web's (caucus/decisions/views/keys.py): members of the organization
read its keys; acting needs a second factor; a delegate's key waits for an admin, an admin's
is active at once; an admin revokes any key, a delegate the keys they hold.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.decisions.common import C, router
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, AuditEntryOut, In, Text
from caucus.audit.models import AuditEntry
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.models import BallotKey, BallotKeyState, VoteState
from caucus.decisions.permissions import get_vote_for_voter, require_coordinator
from caucus.decisions.services import ballot_keys, ballots, votes
from caucus.decisions.vote_forms import BallotForm, BallotKeyForm
from caucus.organizations.models import Membership, Role
from caucus.organizations.permissions import get_membership_for_user

ORG = "/organizations/{slug:slug}/ballot-keys"
KEY = ORG + "/{key_id}"
# The audit actions of ballot keys (caucus/audit/actions.py), as on the coordinators' page.
KEY_ACTIONS = ["ballot_key.registered", "ballot_key.approved", "ballot_key.revoked"]

# --- Shapes.


class BallotKeyIn(In):
    label: Text = Field(description="The device, so people recognize the key (100 characters).")
    public_key: Text = Field(
        description="The Ed25519 public key: 64 hexadecimal characters (32 bytes), as "
        "`caucus_ballot.py keygen` prints it; spaces and capitals are ignored."
    )


class BallotKeyOut(Schema):
    key_id: str = Field(description="16 hex digits: what signed ballots and manifests name.")
    organization: str
    label: str
    public_key: str
    state: str = Field(description='"pending" (an admin must approve it), "active", "revoked".')
    created: dt.datetime
    approved_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_organization(obj: BallotKey) -> str:
        return obj.organization.slug


class OwnBallotKeyOut(BallotKeyOut):
    """A key as the organization's own members see it: with the delegate who holds it."""

    holder: str | None = Field(description="The delegate holding the key; null once removed.")

    @staticmethod
    def resolve_holder(obj: BallotKey) -> str | None:
        return obj.holder.name if obj.holder is not None else None


class KeyChangeOut(AuditEntryOut):
    organization: str

    @staticmethod
    def resolve_organization(obj: AuditEntry) -> str:
        return obj.organization.slug if obj.organization is not None else ""


class BallotRequestIn(In):
    organization: Text
    choice: Text


class BallotRequestOut(Schema):
    """What to sign, and what to send back to /ballots with the signature."""

    statement: str = Field(description="The exact text to sign, as UTF-8 (Ed25519).")
    key_ids: list[str] = Field(description="The keys the vote's manifest lists for the org.")
    nonce: str
    time: str
    salt: str
    request: dict = Field(description="The same as a file for `caucus_ballot.py sign`.")


# --- One organization's keys.


def _key(membership: Membership, key_id: str) -> BallotKey:
    return get_object_or_404(
        BallotKey.objects.select_related("organization", "holder"),
        organization=membership.organization,
        key_id=key_id[:16],
    )


@router.get(ORG, response={200: list[OwnBallotKeyOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_keys(request: HttpRequest, slug: str):
    """The organization's ballot keys, waiting ones first, newest first (its members)."""
    membership = get_membership_for_user(request, slug, act=False)
    rows = membership.organization.ballot_keys.select_related("organization", "holder")
    return rows.order_by("state", "-created", "-pk")


@router.get(KEY, response={200: OwnBallotKeyOut, **ERRORS}, auth=SIGNED_IN)
def get_key(request: HttpRequest, slug: str, key_id: str):
    """One of the organization's keys, by key id (its members)."""
    return _key(get_membership_for_user(request, slug, act=False), key_id)


@router.post(ORG, response={201: OwnBallotKeyOut, **ERRORS}, auth=SIGNED_IN)
def register_key(request: HttpRequest, slug: str, payload: BallotKeyIn):
    """Register a device's public key for the organization (a delegate, with a second
    factor): an admin's is active at once, a delegate's waits for an admin's approval. The
    private key never reaches the server."""
    membership = get_membership_for_user(request, slug)
    data = valid(BallotKeyForm(payload.dict()))
    key = ballot_keys.key_register(organization=membership.organization, actor=request.user, **data)
    return Status(201, key)


@router.post(KEY + "/approve", response={200: OwnBallotKeyOut, **ERRORS}, auth=SIGNED_IN)
def approve_key(request: HttpRequest, slug: str, key_id: str):
    """Make a waiting key active (an admin, with a second factor): votes opened from now on
    list it. 409 for a key that is not waiting."""
    key = _key(get_membership_for_user(request, slug, role=Role.ADMIN), key_id)
    ballot_keys.key_approve(key=key, actor=request.user)
    return key


@router.post(KEY + "/revoke", response={200: OwnBallotKeyOut, **ERRORS}, auth=SIGNED_IN)
def revoke_key(request: HttpRequest, slug: str, key_id: str):
    """Revoke a key (an admin any of the organization's, a delegate the keys they hold; with
    a second factor): no ballot signed with it is accepted any more. 409 once revoked."""
    membership = get_membership_for_user(request, slug)
    key = _key(membership, key_id)
    if not membership.has_role(Role.ADMIN) and key.holder_id != request.user.pk:
        raise PermissionDenied(_("Only an admin revokes another delegate's key."))
    ballot_keys.key_revoke(key=key, actor=request.user)
    return key


# --- The coordinators' view of the member organizations' keys.


def _member_organizations(request: HttpRequest, slug: str) -> list:
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    return [m.organization for m in coalition.active_members().select_related("organization")]


@router.get(C + "/ballot-keys", response={200: list[BallotKeyOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def coalition_keys(request: HttpRequest, slug: str):
    """The active and waiting keys of every active member organization (coordinators), by
    organization name, newest first: what the next vote's manifest would list."""
    organizations = _member_organizations(request, slug)
    rows = BallotKey.objects.filter(organization__in=organizations).exclude(
        state=BallotKeyState.REVOKED
    )
    return rows.select_related("organization").order_by("organization__name", "-created", "-pk")


@router.get(
    C + "/ballot-keys/history", response={200: list[KeyChangeOut], **ERRORS}, auth=SIGNED_IN
)
@paginate(Pages)
def coalition_key_history(request: HttpRequest, slug: str):
    """Registrations, approvals and revocations of the member organizations' keys, newest
    first, from the audit log (coordinators)."""
    organizations = _member_organizations(request, slug)
    rows = AuditEntry.objects.filter(organization__in=organizations, action__in=KEY_ACTIONS)
    return rows.select_related("organization").order_by("-pk")


# --- Signing a ballot offline.


@router.post(
    C + "/votes/{int:pk}/ballot-requests",
    response={200: BallotRequestOut, **ERRORS},
    auth=SIGNED_IN,
)
def ballot_request(request: HttpRequest, slug: str, pk: int, payload: BallotRequestIn):
    """The text to sign for a ballot, with a fresh nonce, time and salt (a delegate of an
    eligible organization, with a second factor); nothing is recorded. Sign `statement` with
    the organization's key (`caucus_ballot.py sign` takes `request` as a file), then send the
    ballot to /ballots with key_id, nonce, time, salt and signature within 30 minutes."""
    vote, organizations = get_vote_for_voter(request, slug, pk)
    # A signature the ballot would be refused with anyway: say so now (409), as casting does.
    votes.close_if_due(vote)
    opens, closes = vote.signed_times()
    if vote.state != VoteState.OPEN or timezone.now() >= closes:
        raise ValidationError(_("Voting has closed."))
    if timezone.now() < opens:
        raise ValidationError(_("Voting has not opened yet."))
    manifest = vote.manifest()
    data = valid(
        BallotForm(payload.dict(), organizations=organizations, options=manifest["options"])
    )
    organization, choice = data["organization"], data["choice"]
    prepared = ballots.prepare()
    text = ballots.statement(vote, organization=organization.slug, choice=choice, signed=prepared)
    key_ids = [
        k["key_id"]
        for row in manifest.get("eligible", [])
        if row["org"] == organization.slug
        for k in row.get("keys", [])
    ]
    return {
        "statement": text,
        "key_ids": key_ids,
        "nonce": prepared.nonce,
        "time": prepared.time,
        "salt": prepared.salt,
        "request": {
            "format": "caucus-ballot-request/1",
            "statement": text,
            "opening": {"choice": choice, "salt": prepared.salt},
        },
    }
