"""Decisions in the API: motions (list, read, propose), votes with their result and ledger,
casting a ballot (with its receipt), and verification."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions import ledger, services
from caucus.decisions.forms import BallotForm, MotionForm
from caucus.decisions.models import Motion
from caucus.decisions.permissions import (
    get_motion_for_user,
    get_vote_for_user,
    member_organizations,
    voting_organizations,
)
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


class MotionOut(Schema):
    id: int
    title: str
    text: str
    text_html: str
    proposer: str
    seconders: list[str]
    meeting: int | None
    approves_minutes: int | None
    state: str
    resolution: str
    vote: int | None


class MotionIn(Schema):
    organization: str
    title: str
    text: str
    seconders: list[str] = []
    meeting: int | None = None
    approves_minutes: int | None = None


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


def _motion_out(motion: Motion) -> dict:
    vote = getattr(motion, "vote", None)
    return {
        "id": motion.pk,
        "title": motion.title,
        "text": motion.text,
        "text_html": motion.text_html,
        "proposer": motion.proposer.slug,
        "seconders": sorted(o.slug for o in motion.seconders.all()),
        "meeting": motion.meeting_id,
        "approves_minutes": motion.approves_minutes_id,
        "state": motion.state,
        "resolution": motion.resolution_label,
        "vote": vote.pk if vote is not None else None,
    }


class _MotionApiForm(MotionForm):
    """The web form, with organizations named by slug as everywhere else in the API."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].to_field_name = "slug"
        self.fields["seconders"].to_field_name = "slug"


@router.get(
    "/coalitions/{slug:slug}/motions", response={200: list[MotionOut], **ERRORS}, auth=SIGNED_IN
)
@paginate(Pages)
def list_motions(request: HttpRequest, slug: str):
    """The coalition's motions, newest first (members), with their resolution numbers."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    motions = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    return [_motion_out(m) for m in motions.prefetch_related("seconders")]


@router.get(
    "/coalitions/{slug:slug}/motions/{int:pk}", response={200: MotionOut, **ERRORS}, auth=SIGNED_IN
)
def get_motion(request: HttpRequest, slug: str, pk: int):
    """A motion (members); a vote past its closing time is closed first."""
    motion, _coordinating = get_motion_for_user(request, slug, pk)
    return _motion_out(motion)


@router.post("/coalitions/{slug:slug}/motions", response={201: MotionOut, **ERRORS}, auth=SIGNED_IN)
def propose_motion(request: HttpRequest, slug: str, payload: MotionIn):
    """Propose a motion for an organization one belongs to (an active member)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    organizations = member_organizations(request.user, coalition)
    if not organizations:
        raise PermissionDenied(_("Only delegates of member organizations propose motions."))
    data = valid(_MotionApiForm(payload.dict(), coalition=coalition, organizations=organizations))
    motion = services.motion_propose(coalition=coalition, actor=request.user, **data)
    return Status(201, _motion_out(motion))


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
