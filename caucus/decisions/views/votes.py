"""Motions, votes, ballots, results and the ledger (download, receipt lookup, verifier)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions import disclosure, keys, ledger, services
from caucus.decisions.forms import (
    BallotForm,
    MotionEditForm,
    MotionForm,
    VoteForm,
    WeightsForm,
)
from caucus.decisions.models import (
    MinutesVersion,
    Motion,
    MotionState,
    VoteState,
    VotingWeight,
)
from caucus.decisions.permissions import (
    get_motion_for_user,
    get_vote_for_user,
    member_organizations,
    require_coordinator,
    voting_organizations,
)
from caucus.lib.forms import apply_validation_error
from caucus.organizations.permissions import require_mfa


@login_required
def motion_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    motions = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    for motion in motions:
        vote = getattr(motion, "vote", None)
        if vote is not None and vote.is_due():
            services.close_if_due(vote)
    motions = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    return render(
        request,
        "decisions/motion_list.html",
        {"coalition": coalition, "coordinating": coordinating, "motions": motions},
    )


def _motion_initial(request, coalition) -> dict:
    """Prefill from links: a meeting's "propose a motion", a version's "approve by motion"."""
    initial = {"meeting": request.GET.get("meeting")}
    wanted = request.GET.get("minutes", "")
    minutes = None
    if wanted.isdigit():
        minutes = MinutesVersion.objects.filter(pk=wanted, meeting__coalition=coalition).first()
    if minutes is not None:
        initial.update(
            meeting=minutes.meeting_id,
            approves_minutes=minutes.pk,
            title=_("Approval of the minutes of %(meeting)s (version %(n)s)")
            % {"meeting": minutes.meeting.title, "n": minutes.number},
            text=_("The minutes of %(meeting)s, version %(n)s, are approved.")
            % {"meeting": minutes.meeting.title, "n": minutes.number},
        )
    return initial


@login_required
def motion_new(request, slug):
    coalition, _coordinating = get_coalition_for_member(request, slug)
    organizations = member_organizations(request.user, coalition)
    if not organizations:
        raise PermissionDenied(_("Only delegates of member organizations propose motions."))
    form = MotionForm(
        request.POST or None,
        coalition=coalition,
        organizations=organizations,
        initial=_motion_initial(request, coalition),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = services.motion_propose(
                coalition=coalition,
                organization=data["organization"],
                actor=request.user,
                title=data["title"],
                text=data["text"],
                seconders=data["seconders"],
                meeting=data["meeting"],
                approves_minutes=data["approves_minutes"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The motion is proposed."))
            return redirect(motion)
    return render(
        request,
        "decisions/motion_form.html",
        {"coalition": coalition, "form": form},
        status=400 if form.errors else 200,
    )


def _may_edit(request, motion: Motion, coordinating: bool) -> bool:
    mine = request.user.memberships.filter(organization=motion.proposer).exists()
    return motion.state == MotionState.DRAFT and (coordinating or mine)


@login_required
def motion_detail(request, slug, pk):
    motion, coordinating = get_motion_for_user(request, slug, pk)
    ctx = {
        "coalition": motion.coalition,
        "motion": motion,
        "coordinating": coordinating,
        "vote": getattr(motion, "vote", None),
        "may_edit": _may_edit(request, motion, coordinating),
        "seconders": motion.seconders.order_by("name"),
    }
    return render(request, "decisions/motion_detail.html", ctx)


@login_required
def motion_edit(request, slug, pk):
    motion, coordinating = get_motion_for_user(request, slug, pk)
    if not _may_edit(request, motion, coordinating):
        raise PermissionDenied(_("Only the proposers or coordinators edit a motion before voting."))
    form = MotionEditForm(
        request.POST or None,
        coalition=motion.coalition,
        organizations=[motion.proposer],
        initial={
            "title": motion.title,
            "text": motion.text,
            "meeting": motion.meeting_id,
            "seconders": list(motion.seconders.all()),
            "approves_minutes": motion.approves_minutes_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_update(motion=motion, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The motion is saved."))
            return redirect(motion)
    return render(
        request,
        "decisions/motion_form.html",
        {"coalition": motion.coalition, "form": form, "motion": motion},
        status=400 if form.errors else 200,
    )


@login_required
def vote_new(request, slug, pk):
    motion, coordinating = get_motion_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.vote_open(
                motion=motion,
                actor=request.user,
                rules=data["rules"],
                quorum_percent=data["quorum_percent"],
                threshold_percent=data["threshold_percent"],
                recorded=data["recorded"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Voting is open. Its manifest is fixed and signed."))
            return redirect(vote)
    return render(
        request,
        "decisions/vote_form.html",
        {"coalition": motion.coalition, "motion": motion, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def weights(request, slug):
    """Coordinators weigh member organizations' ballots; open votes keep their manifests."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    organizations = [
        m.organization for m in coalition.active_members().order_by("organization__name")
    ]
    current = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    form = WeightsForm(request.POST or None, organizations=organizations, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_set(coalition=coalition, actor=request.user, weights=form.weights())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The voting weights are saved; they apply to new votes."))
            return redirect("decisions:motions", slug)
    return render(
        request,
        "decisions/weights_form.html",
        {"coalition": coalition, "form": form},
        status=400 if form.errors else 200,
    )


def _own_ballots(vote, organizations) -> list[tuple]:
    """(organization, choice, tracker) of the last ballot of each of the person's organizations."""
    slugs = {o.slug: o for o in organizations}
    last: dict = {}
    for entry in vote.entries.filter(kind="ballot").order_by("height"):
        payload = json.loads(entry.payload)
        if payload["org"] in slugs:
            last[payload["org"]] = (slugs[payload["org"]], payload["choice"], entry.entry_hash)
    return list(last.values())


def _vote_context(request, vote, coordinating: bool, form=None) -> dict:
    manifest = services.manifest_of(vote)
    organizations = voting_organizations(request.user, vote, manifest)
    if form is None and organizations and vote.is_accepting():
        form = BallotForm(organizations=organizations, options=manifest["options"])
    return {
        "coalition": vote.motion.coalition,
        "vote": vote,
        "motion": vote.motion,
        "coordinating": coordinating,
        "manifest": manifest,
        "form": form,
        "own_ballots": _own_ballots(vote, organizations),
        # The receipt comes in the address the ballot form redirected to, one per submission,
        # so two ballots sent at once each show their own (ledger review F8).
        "receipt": disclosure.own_receipt(vote, request.GET.get("receipt", ""), organizations),
        "result": vote.result if vote.state == VoteState.CLOSED else None,
        "ballots_by_name": _ballots_by_name(vote, manifest),
    }


def _ballots_by_name(vote, manifest: dict) -> list[tuple[str, str]]:
    """A recorded vote's last ballots with the organizations' names as frozen in the manifest."""
    if vote.state != VoteState.CLOSED or not vote.result:
        return []
    names = {row["org"]: row["name"] for row in manifest.get("eligible", [])}
    return [(names.get(org, org), choice) for org, choice in vote.result.get("ballots", {}).items()]


@login_required
def vote_detail(request, slug, pk):
    vote, coordinating = get_vote_for_user(request, slug, pk)
    return render(request, "decisions/vote_detail.html", _vote_context(request, vote, coordinating))


@require_POST
@login_required
def ballot(request, slug, pk):
    vote, coordinating = get_vote_for_user(request, slug, pk)
    require_mfa(request.user)
    manifest = services.manifest_of(vote)
    organizations = voting_organizations(request.user, vote, manifest)
    if not organizations:
        raise PermissionDenied(_("You are not a delegate of an organization eligible to vote."))
    form = BallotForm(request.POST, organizations=organizations, options=manifest["options"])
    if form.is_valid():
        try:
            entry = services.ballot_cast(
                vote=vote,
                organization=form.cleaned_data["organization"],
                actor=request.user,
                choice=form.cleaned_data["choice"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your ballot is recorded. Keep your receipt."))
            return redirect(f"{vote.get_absolute_url()}?receipt={entry.entry_hash}#receipt")
    ctx = _vote_context(request, vote, coordinating, form=form)
    return render(request, "decisions/vote_detail.html", ctx, status=400)


@login_required
def ledger_json(request, slug, pk):
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    organizations = voting_organizations(request.user, vote, services.manifest_of(vote))
    response = JsonResponse(disclosure.export(vote, organizations), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ledger.json"'
    return response


@login_required
def ledger_page(request, slug, pk):
    vote, coordinating = get_vote_for_user(request, slug, pk)
    tracker = request.GET.get("tracker", "").strip().lower()[:64]
    organizations = voting_organizations(request.user, vote, services.manifest_of(vote))
    found = disclosure.look_up(vote, tracker, organizations) if tracker else None
    shown = disclosure.shown_ballots(vote, organizations)
    entries = list(
        vote.entries.order_by("height").only("height", "kind", "entry_hash", "parent_hash")
    )
    for entry in entries:
        entry.shown = shown.get(entry.height)
    return render(
        request,
        "decisions/ledger.html",
        {
            "coalition": vote.motion.coalition,
            "vote": vote,
            "motion": vote.motion,
            "entries": entries,
            "tracker": tracker,
            "found": found,
            "public_key": keys.public_key_hex(),
        },
    )


@login_required
def verify_page(request, slug, pk):
    vote, coordinating = get_vote_for_user(request, slug, pk)
    since = request.GET.get("since", "").strip().lower()[:64]
    report = ledger.verify(vote, since=since)
    return render(
        request,
        "decisions/verify.html",
        {
            "coalition": vote.motion.coalition,
            "vote": vote,
            "motion": vote.motion,
            "report": report,
            "since": since,
        },
    )
