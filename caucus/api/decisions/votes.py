"""Motions and votes in the API: proposing, opening, weights, ballots (signed or not),
receipts, ledgers and verification."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.decisions.common import (
    C,
    _MotionApiForm,
    _per_organization_data,
    _per_organization_invalid,
    _unknown_organizations,
    router,
)
from caucus.api.decisions.vote_schemas import (
    BallotIn,
    MotionIn,
    MotionOut,
    ReceiptLookupOut,
    ReceiptOut,
    VerifyOut,
    VoteIn,
    VoteOut,
    WeightOut,
    WeightsIn,
    motion_out,
    vote_out,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions import disclosure, ledger
from caucus.decisions.models import (
    Motion,
    VotingWeight,
)
from caucus.decisions.permissions import (
    get_motion_for_user,
    get_vote_for_user,
    get_vote_for_voter,
    member_organizations,
    require_coordinator,
    voting_organizations,
)
from caucus.decisions.services import ballots, motions, votes
from caucus.decisions.vote_forms import BallotForm, VoteForm, WeightsForm
from caucus.organizations.models import Organization

# --- Motions.


@router.get(C + "/motions", response={200: list[MotionOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_motions(request: HttpRequest, slug: str):
    """The coalition's motions, newest first (members), with their resolution numbers."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    votes.close_due(coalition=coalition)
    rows = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    return [motion_out(m) for m in rows.prefetch_related("seconders")]


@router.get(C + "/motions/{int:pk}", response={200: MotionOut, **ERRORS}, auth=SIGNED_IN)
def get_motion(request: HttpRequest, slug: str, pk: int):
    """A motion (members); a vote past its closing time is closed first."""
    motion, _coordinating = get_motion_for_user(request, slug, pk)
    vote = getattr(motion, "vote", None)
    if vote is not None and votes.close_if_due(vote):
        motion.refresh_from_db()
    return motion_out(motion)


@router.post(C + "/motions", response={201: MotionOut, **ERRORS}, auth=SIGNED_IN)
def propose_motion(request: HttpRequest, slug: str, payload: MotionIn):
    """Propose a motion for an organization one belongs to (an active member)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    organizations = member_organizations(request.user, coalition)
    if not organizations:
        raise PermissionDenied(_("Only delegates of member organizations propose motions."))
    data = valid(_MotionApiForm(payload.dict(), coalition=coalition, organizations=organizations))
    motion = motions.motion_propose(coalition=coalition, actor=request.user, **data)
    return Status(201, motion_out(motion))


# --- Votes and their weights.


@router.post(C + "/motions/{int:pk}/vote", response={201: VoteOut, **ERRORS}, auth=SIGNED_IN)
def open_vote(request: HttpRequest, slug: str, pk: int, payload: VoteIn):
    """Put a motion to the vote (coordinators): the setup is fixed in a signed manifest."""
    motion, coordinating = get_motion_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = VoteForm(payload.dict())
    valid(form)
    vote = votes.vote_open(motion=motion, actor=request.user, **form.setup())
    return Status(201, vote_out(vote))


def _weighed(request: HttpRequest, slug: str) -> tuple[Coalition, list[Organization], dict]:
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    members = coalition.active_members().order_by("organization__name")
    current = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    return coalition, [m.organization for m in members], current


def _weights_out(organizations, current: dict) -> list[dict]:
    return [
        {"organization": o.slug, "name": o.name, "weight": current.get(o.pk, 1)}
        for o in organizations
    ]


@router.get(C + "/weights", response={200: list[WeightOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def get_weights(request: HttpRequest, slug: str):
    """Each active member organization's ballot weight (coordinators); 1 unless set."""
    _coalition, organizations, current = _weighed(request, slug)
    return _weights_out(organizations, current)


@router.patch(C + "/weights", response={200: list[WeightOut], **ERRORS}, auth=SIGNED_IN)
def set_weights(request: HttpRequest, slug: str, payload: WeightsIn):
    """Set weights (coordinators); they apply to votes opened afterwards."""
    coalition, organizations, current = _weighed(request, slug)
    _unknown_organizations(
        payload.weights,
        {o.slug: o for o in organizations},
        "weights",
        _("This organization is not an active member of the coalition."),
    )
    data = _per_organization_data(payload.weights, organizations, current, blank=1)
    form = WeightsForm(data, organizations=organizations, current=current)
    if not form.is_valid():
        raise _per_organization_invalid(form, "weights", organizations)
    votes.weights_set(coalition=coalition, actor=request.user, weights=form.weights())
    return _weights_out(organizations, form.weights())


@router.get(C + "/votes/{int:pk}", response={200: VoteOut, **ERRORS}, auth=SIGNED_IN)
def get_vote(request: HttpRequest, slug: str, pk: int):
    """A vote (members): its manifest, fingerprint and head; the result once closed."""
    return vote_out(_read(request, slug, pk))


@router.get(C + "/votes/{int:pk}/ledger", response={200: dict, **ERRORS}, auth=SIGNED_IN)
def get_ledger(request: HttpRequest, slug: str, pk: int):
    """The ledger as on the download page (members); docs/ledger-format.md describes it."""
    vote = _read(request, slug, pk)
    organizations = voting_organizations(request.user, vote, vote.manifest())
    return disclosure.export(vote, organizations)


@router.get(C + "/votes/{int:pk}/verify", response={200: VerifyOut, **ERRORS}, auth=SIGNED_IN)
def verify(request: HttpRequest, slug: str, pk: int, since: str = ""):
    """Recompute the chain, both signatures of every entry, last ballots and tally, as the
    offline verifier does, and compare the rows people are shown (members)."""
    vote = _read(request, slug, pk)
    report = ledger.verify(vote, since=since.strip().lower()[:64])
    return {
        "ok": report.ok,
        "entries": report.entries,
        "head": report.head,
        "problems": report.problems,
        "warnings": report.warnings,
        "checked": report.checked,
    }


@router.get(
    C + "/votes/{int:pk}/receipts/{tracker}",
    response={200: ReceiptLookupOut, **ERRORS},
    auth=SIGNED_IN,
)
def look_up_receipt(request: HttpRequest, slug: str, pk: int, tracker: str):
    """Whether the ballot of a receipt (an entry hash, or its first 8 characters or more)
    is the one that counts, was replaced by a later ballot, or is no ballot (members; another
    organization's ballot only once a recorded vote has closed)."""
    vote = _read(request, slug, pk)
    organizations = voting_organizations(request.user, vote, vote.manifest())
    found = disclosure.look_up(vote, tracker[:64], organizations)
    if found.entry is None:
        raise Http404(_("No entry of this ledger has this receipt."))
    mine = found.status in (disclosure.COUNTED, disclosure.REPLACED)
    return {
        "status": found.status,
        "height": found.entry.height,
        "kind": found.entry.kind,
        "entry_hash": found.entry.entry_hash,
        "organization": found.organization if mine else None,
        "choice": found.choice if mine else None,
        "replaced_by": found.replaced_by.entry_hash if found.replaced_by else None,
        "receipt": disclosure.receipt(vote, found) if mine else None,
    }


@router.post(C + "/votes/{int:pk}/ballots", response={201: ReceiptOut, **ERRORS}, auth=SIGNED_IN)
def cast_ballot(request: HttpRequest, slug: str, pk: int, payload: BallotIn):
    """Cast or change the ballot of an organization one is a delegate of; returns the receipt.

    To sign it with the organization's key, send key_id, nonce, time, salt and signature as
    docs/ledger-format.md describes ("Signing a ballot"); otherwise the instance attests it.
    """
    vote, organizations = get_vote_for_voter(request, slug, pk)
    form = BallotForm(
        payload.dict(), organizations=organizations, options=vote.manifest()["options"]
    )
    data = valid(form)
    entry = ballots.ballot_cast(
        vote=vote,
        organization=data["organization"],
        actor=request.user,
        choice=data["choice"],
        signed=form.signed(),
    )
    found = disclosure.own_receipt(vote, entry.entry_hash, organizations)
    return Status(
        201,
        {
            "tracker": entry.entry_hash,
            "height": entry.height,
            "signed": entry.is_voter_signed,
            "receipt": disclosure.receipt(vote, found),
        },
    )


def _read(request: HttpRequest, slug: str, pk: int):
    """A vote for a member, closed first when its signed close has passed (a result shows)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    votes.close_if_due(vote)
    return vote
