"""Operators see meetings, motions, votes and keys; what a service must do goes through it.

Saving a meeting, a motion or a weight here calls the same service as the coalition's pages
(audited, invitees told); meetings and motions are neither added nor deleted here (scheduling
invites, cancelling tells the invitees, proposing names the organizations behind a motion); a
motion's text is fixed once voting opened; ledger entries, votes, keys and the record of signed
heights are read-only (ballot keys change on the organization's page).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from caucus.decisions.models import (
    BallotKey,
    DecisionSettings,
    LedgerEntry,
    LedgerKey,
    Meeting,
    Motion,
    MotionState,
    SignedHeight,
    Vote,
    VotingWeight,
)
from caucus.decisions.services import meetings, motions, votes

admin.site.register(DecisionSettings)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Title, place and link through services.meetings.meeting_update (audited; invitees get
    an updated invitation); times and invitees on the meeting's own page, in its time zone."""

    view_on_site = False  # members-only pages: the operator is not a member (issue 14)

    list_display = ["title", "coalition", "starts_at", "time_zone"]
    fields = ["coalition", "title", "starts_at", "ends_at", "time_zone", "place", "online_link"]
    readonly_fields = ["coalition", "starts_at", "ends_at", "time_zone"]

    def has_add_permission(self, request) -> bool:
        return False  # scheduled from the coalition's meetings page, which sends invitations

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would take the agenda, attendance and minutes with it, silently: a meeting
        # is cancelled on its page (services.meetings.meeting_cancel: audited, invitees told).
        return False

    def save_model(self, request, obj: Meeting, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in ("title", "place", "online_link")}
        try:
            meetings.meeting_update(
                meeting=Meeting.objects.get(pk=obj.pk), actor=request.user, **data
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    """A draft's title and text through services.motions.motion_update (audited); proposed and
    withdrawn on the coalition's pages, by the organizations behind it."""

    view_on_site = False  # members-only pages: the operator is not a member (issue 14)
    list_display = ["title", "coalition", "state", "resolution_year", "resolution_number"]
    fields = ["coalition", "proposer", "meeting", "approves_minutes", "title", "text"]
    fields += ["state", "resolution_year", "resolution_number", "adopted_at"]
    readonly_fields = ["coalition", "proposer", "meeting", "approves_minutes", "state"]
    readonly_fields += ["resolution_year", "resolution_number", "adopted_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj: Motion | None = None):
        fixed = list(self.readonly_fields)
        if obj is not None and (obj.state != MotionState.DRAFT or hasattr(obj, "vote")):
            # The manifest signed its title and the hash of its text: they cannot change.
            fixed += ["title", "text"]
        return fixed

    def save_model(self, request, obj: Motion, form, change: bool) -> None:
        current = Motion.objects.get(pk=obj.pk)
        try:
            motions.motion_update(
                motion=current,
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                seconders=list(current.seconders.all()),
                meeting=current.meeting,
                approves_minutes=current.approves_minutes,
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))


@admin.register(VotingWeight)
class VotingWeightAdmin(admin.ModelAdmin):
    """Through services.votes.weights_set, like the coordinators' weights page (audited)."""

    list_display = ["organization", "coalition", "weight"]

    def save_model(self, request, obj: VotingWeight, form, change: bool) -> None:
        try:
            votes.weights_set(
                coalition=obj.coalition,
                actor=request.user,
                weights={obj.organization_id: obj.weight},
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))

    def delete_model(self, request, obj: VotingWeight) -> None:
        votes.weights_set(
            coalition=obj.coalition, actor=request.user, weights={obj.organization_id: 1}
        )

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    view_on_site = False  # members-only pages: the operator is not a member (issue 14)
    list_display = ["motion", "state", "opens_at", "closes_at", "fingerprint"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["vote", "height", "kind", "entry_hash"]


@admin.register(BallotKey)
class BallotKeyAdmin(ReadOnlyAdmin):
    list_display = ["organization", "label", "key_id", "state", "created"]
    list_filter = ["state"]


@admin.register(LedgerKey)
class LedgerKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "valid_from", "valid_until", "previous"]


@admin.register(SignedHeight)
class SignedHeightAdmin(ReadOnlyAdmin):
    list_display = ["vote", "height", "entry_hash", "key_id", "signed_at"]
