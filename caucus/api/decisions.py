"""Votes in the API: a vote with its result, its ledger, casting a ballot, verification."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from caucus.api.auth import SIGNED_IN
from caucus.api.forms import valid
from caucus.api.schemas import ERRORS
from caucus.decisions import ledger, services
from caucus.decisions.forms import BallotForm
from caucus.decisions.permissions import get_vote_for_user, voting_organizations
from caucus.decisions.views.votes import _export
from caucus.organizations.permissions import require_mfa

router = Router(tags=["decisions"])


class VoteOut(Schema):
    id: int
    motion: str
    state: str
    opens_at: datetime
    closes_at: datetime
    fingerprint: str
    head_hash: str
    manifest: dict
    result: dict | None
    resolution: str


class BallotIn(Schema):
    organization: str
    choice: str


class ReceiptOut(Schema):
    tracker: str
    height: int


class VerifyOut(Schema):
    ok: bool
    entries: int
    head: str
    problems: list[str]


def _vote_out(vote) -> dict:
    return {
        "id": vote.pk,
        "motion": vote.motion.title,
        "state": vote.state,
        "opens_at": vote.opens_at,
        "closes_at": vote.closes_at,
        "fingerprint": vote.fingerprint,
        "head_hash": vote.head_hash,
        "manifest": services.manifest_of(vote),
        "result": vote.result if vote.state == "closed" else None,
        "resolution": vote.motion.resolution_label,
    }


@router.get(
    "/coalitions/{slug:slug}/votes/{int:pk}", response={200: VoteOut, **ERRORS}, auth=SIGNED_IN
)
def get_vote(request: HttpRequest, slug: str, pk: int):
    """A vote (members): its manifest, fingerprint and head; the result once closed."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    return _vote_out(vote)


@router.get(
    "/coalitions/{slug:slug}/votes/{int:pk}/ledger", response={200: dict, **ERRORS}, auth=SIGNED_IN
)
def get_ledger(request: HttpRequest, slug: str, pk: int):
    """The ledger as on the download page (members)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    return _export(vote, voting_organizations(request.user, vote, services.manifest_of(vote)))


@router.get(
    "/coalitions/{slug:slug}/votes/{int:pk}/verify",
    response={200: VerifyOut, **ERRORS},
    auth=SIGNED_IN,
)
def verify(request: HttpRequest, slug: str, pk: int, since: str = ""):
    """Recompute the chain, signatures, last ballots and tally (members)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    report = ledger.verify(vote, since=since.strip().lower())
    return {
        "ok": report.ok,
        "entries": report.entries,
        "head": report.head,
        "problems": report.problems,
    }


@router.post(
    "/coalitions/{slug:slug}/votes/{int:pk}/ballots",
    response={201: ReceiptOut, **ERRORS},
    auth=SIGNED_IN,
)
def cast_ballot(request: HttpRequest, slug: str, pk: int, payload: BallotIn):
    """Cast or change the ballot of an organization one is a delegate of; returns the receipt."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    require_mfa(request.user)
    manifest = services.manifest_of(vote)
    organizations = voting_organizations(request.user, vote, manifest)
    if not organizations:
        raise PermissionDenied(_("You are not a delegate of an organization eligible to vote."))
    data = valid(
        BallotForm(payload.dict(), organizations=organizations, options=manifest["options"])
    )
    entry = services.ballot_cast(
        vote=vote, organization=data["organization"], actor=request.user, choice=data["choice"]
    )
    return Status(201, {"tracker": entry.entry_hash, "height": entry.height})
