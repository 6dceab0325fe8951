"""The vote page, casting a ballot (signed in the browser or not), and signing one offline."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.campaigns.reader import reader_zone
from caucus.decisions import disclosure
from caucus.decisions.models import EntryKind, Vote, VoteState
from caucus.decisions.permissions import get_vote_for_user, get_vote_for_voter, voting_organizations
from caucus.decisions.services import ballots, votes
from caucus.decisions.vote_forms import CHOICE_LABELS, BallotForm, OfflineSignatureForm
from caucus.lib.forms import apply_validation_error, form_status


def _own_ballots(vote: Vote, organizations) -> list[dict]:
    """The last ballot of each of the person's organizations: choice, receipt, signed or not."""
    slugs = {o.slug: o for o in organizations}
    last: dict = {}
    for entry in vote.entries.filter(kind=EntryKind.BALLOT).order_by("height"):
        org = entry.ballot()["org"]
        if org in slugs:
            last[org] = {
                "organization": slugs[org],
                "choice": entry.choice(),
                "tracker": entry.entry_hash,
                "signed": entry.is_voter_signed,
            }
    return list(last.values())


def _participation(vote: Vote, manifest: dict) -> tuple[int, int]:
    """(organizations that have voted, eligible organizations): no choice is revealed."""
    payloads = vote.entries.filter(kind=EntryKind.BALLOT).values_list("payload", flat=True)
    return len({json.loads(p)["org"] for p in payloads}), len(manifest.get("eligible", []))


def _results(vote: Vote, manifest: dict) -> dict:
    """The closed vote's result for the page: bars, names by ballot, who did not vote."""
    if vote.state != VoteState.CLOSED or not vote.result:
        return {}
    result = vote.result
    names = {row["org"]: row["name"] for row in manifest.get("eligible", [])}
    counted = sum(result["counts"].values())
    bars = [
        (choice, CHOICE_LABELS[choice], result["counts"][choice]) for choice in manifest["options"]
    ]
    voted = result.get("participants") or list(result.get("ballots") or {})
    known = "participants" in result or "ballots" in result
    return {
        "result": result,
        "bars": bars,
        "counted_weight": max(counted, 1),
        "ballots_by_name": [
            (names.get(org, org), choice) for org, choice in (result.get("ballots") or {}).items()
        ],
        "not_voted": [name for org, name in names.items() if org not in voted] if known else None,
    }


def _signing(vote: Vote, manifest: dict, organizations) -> dict:
    """The keys the manifest lists for the person's organizations, for the page's script
    (which signs with a key this browser holds) and for signing offline."""
    mine = {o.slug for o in organizations}
    keys = {
        row["org"]: [k["key_id"] for k in row.get("keys", [])]
        for row in manifest.get("eligible", [])
        if row["org"] in mine
    }
    return {
        "keys_json": json.dumps(keys),
        "has_keys": any(keys.values()),
        "required": bool(manifest.get("require_voter_signatures")),
        "version2": manifest.get("format") == "caucus-vote/2",
    }


def _vote_context(request, vote: Vote, coordinating: bool, form=None) -> dict:
    manifest = vote.manifest()
    organizations = voting_organizations(request.user, vote, manifest)
    own = _own_ballots(vote, organizations)
    if form is None and organizations and vote.is_accepting():
        current = own[0]["choice"] if len(own) == 1 else None
        form = BallotForm(
            organizations=organizations, options=manifest["options"], initial={"choice": current}
        )
    return {
        "coalition": vote.motion.coalition,
        "vote": vote,
        "motion": vote.motion,
        "coordinating": coordinating,
        "manifest": manifest,
        "form": form,
        "own_ballots": own,
        "participation": _participation(vote, manifest),
        # The receipt comes in the address the ballot form redirected to, one per submission,
        # so two ballots sent at once each show their own (ledger review F8).
        "receipt": disclosure.own_receipt(vote, request.GET.get("receipt", ""), organizations),
        "signing": _signing(vote, manifest, organizations),
        "reader_zone": reader_zone(request),
        **_results(vote, manifest),
    }


@login_required
def vote_detail(request, slug, pk):
    vote, coordinating = get_vote_for_user(request, slug, pk)
    votes.close_if_due(vote)  # the page shows the result once the signed close has passed
    return render(request, "decisions/vote_detail.html", _vote_context(request, vote, coordinating))


def _cast(request, vote: Vote, form: BallotForm, signed) -> str | None:
    """Cast the form's ballot; the address to go to, or None with the errors on the form."""
    try:
        entry = ballots.ballot_cast(
            vote=vote,
            organization=form.cleaned_data["organization"],
            actor=request.user,
            choice=form.cleaned_data["choice"],
            signed=signed,
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    if entry.is_voter_signed:
        messages.success(request, _("Your signed ballot is recorded. Keep your receipt."))
    else:
        messages.success(request, _("Your ballot is recorded. Keep your receipt."))
    return f"{vote.get_absolute_url()}?receipt={entry.entry_hash}#receipt"


@require_POST
@login_required
def ballot(request, slug, pk):
    vote, organizations = get_vote_for_voter(request, slug, pk)
    form = BallotForm(request.POST, organizations=organizations, options=vote.manifest()["options"])
    if form.is_valid() and (to := _cast(request, vote, form, form.signed())):
        return redirect(to)
    coordinating = get_vote_for_user(request, slug, pk)[1]
    ctx = _vote_context(request, vote, coordinating, form=form)
    return render(request, "decisions/vote_detail.html", ctx, status=400)


def _offline_context(vote: Vote, form: BallotForm, signed: ballots.Signed, sign_form) -> dict:
    organization = form.cleaned_data["organization"]
    choice = form.cleaned_data["choice"]
    text = ballots.statement(vote, organization=organization.slug, choice=choice, signed=signed)
    request_file = {
        "format": "caucus-ballot-request/1",
        "statement": text,
        "opening": {"choice": choice, "salt": signed.salt},
    }
    return {
        "coalition": vote.motion.coalition,
        "vote": vote,
        "motion": vote.motion,
        "organization": organization,
        "choice": choice,
        "signed": signed,
        "statement": text,
        "request_json": json.dumps(request_file, indent=1, ensure_ascii=False),
        "sign_form": sign_form,
    }


@require_POST
@login_required
def ballot_offline(request, slug, pk):
    """Sign a ballot without JavaScript: 1. the page shows the exact text to sign (with a
    fresh nonce, time and salt) and the command; 2. the pasted signature casts the ballot;
    `download` returns the same request as a file for caucus_ballot.py."""
    vote, organizations = get_vote_for_voter(request, slug, pk)
    manifest = vote.manifest()
    data = request.POST.copy()  # the pasted signature is checked by OfflineSignatureForm
    for name in ("key_id", "signature"):
        data.pop(name, None)
    form = BallotForm(data, organizations=organizations, options=manifest["options"])
    if not form.is_valid():
        coordinating = get_vote_for_user(request, slug, pk)[1]
        ctx = _vote_context(request, vote, coordinating, form=form)
        return render(request, "decisions/vote_detail.html", ctx, status=400)
    org = form.cleaned_data["organization"].slug
    keys = [k for row in manifest["eligible"] if row["org"] == org for k in row.get("keys", [])]
    step = request.POST.get("step", "")  # empty when sent from the vote page's form
    sign_form = OfflineSignatureForm(request.POST if step == "sign" else None, keys=keys)
    prepared = ballots.prepare()
    if step in ("sign", "download"):
        prepared = ballots.Signed(
            key_id="",
            nonce=form.cleaned_data["nonce"],
            time=form.cleaned_data["time"],
            salt=form.cleaned_data["salt"],
            signature="",
        )
    ctx = _offline_context(vote, form, prepared, sign_form)
    if step == "download":
        response = HttpResponse(ctx["request_json"], content_type="application/json")
        response["Content-Disposition"] = (
            f'attachment; filename="vote-{vote.pk}-ballot-request.json"'
        )
        return response
    if step == "sign" and sign_form.is_valid():
        signed = ballots.Signed(
            key_id=sign_form.cleaned_data["key_id"],
            nonce=prepared.nonce,
            time=prepared.time,
            salt=prepared.salt,
            signature=sign_form.cleaned_data["signature"],
        )
        if to := _cast(request, vote, form, signed):
            return redirect(to)
        for name, errors in form.errors.items():
            for error in errors:
                sign_form.add_error(name if name in sign_form.fields else None, error)
    status = form_status(sign_form)
    return render(request, "decisions/ballot_offline.html", ctx, status=status)
