"""Operators see meetings, motions and votes; ledger entries are read-only, as is every vote."""

from django.contrib import admin

from caucus.decisions.models import (
    DecisionSettings,
    LedgerEntry,
    Meeting,
    Motion,
    Vote,
    VotingWeight,
)

admin.site.register(DecisionSettings)
admin.site.register(VotingWeight)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "coalition", "starts_at", "time_zone"]


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["title", "coalition", "state", "resolution_year", "resolution_number"]
    readonly_fields = ["state", "resolution_year", "resolution_number", "adopted_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["motion", "state", "opens_at", "closes_at", "fingerprint"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["vote", "height", "kind", "entry_hash"]
