"""Motions: the list, proposing and editing; putting one to a vote; the coalition's weights."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.forms import MotionEditForm, MotionForm
from caucus.decisions.models import MinutesVersion, Motion, MotionState, VotingWeight
from caucus.decisions.permissions import (
    get_motion_for_user,
    member_organizations,
    require_coordinator,
)
from caucus.decisions.services import motions, votes
from caucus.decisions.vote_forms import VoteForm, WeightsForm
from caucus.lib.forms import apply_validation_error, form_status


@login_required
def motion_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    votes.close_due(coalition=coalition)  # the list labels results: close due votes first
    rows = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    return render(
        request,
        "decisions/motion_list.html",
        {"coalition": coalition, "coordinating": coordinating, "motions": rows},
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
            motion = motions.motion_propose(
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
        status=form_status(form),
    )


def _may_edit(request, motion: Motion, coordinating: bool) -> bool:
    mine = request.user.memberships.filter(organization=motion.proposer).exists()
    return motion.state == MotionState.DRAFT and (coordinating or mine)


@login_required
def motion_detail(request, slug, pk):
    motion, coordinating = get_motion_for_user(request, slug, pk)
    vote = getattr(motion, "vote", None)
    if vote is not None and votes.close_if_due(vote):
        motion.refresh_from_db()
    ctx = {
        "coalition": motion.coalition,
        "motion": motion,
        "coordinating": coordinating,
        "vote": vote,
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
            motions.motion_update(motion=motion, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The motion is saved."))
            return redirect(motion)
    return render(
        request,
        "decisions/motion_form.html",
        {"coalition": motion.coalition, "form": form, "motion": motion},
        status=form_status(form),
    )


@login_required
def vote_new(request, slug, pk):
    motion, coordinating = get_motion_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vote = votes.vote_open(motion=motion, actor=request.user, **form.setup())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Voting is open. Its manifest is fixed and signed."))
            return redirect(vote)
    return render(
        request,
        "decisions/vote_form.html",
        {"coalition": motion.coalition, "motion": motion, "form": form},
        status=form_status(form),
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
            votes.weights_set(coalition=coalition, actor=request.user, weights=form.weights())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The voting weights are saved; they apply to new votes."))
            return redirect("decisions:motions", slug)
    return render(
        request,
        "decisions/weights_form.html",
        {"coalition": coalition, "form": form},
        status=form_status(form),
    )
