"""Operators see coalitions, their members and coordinators; who belongs changes on the
coalition's own pages, through the services that audit it and send the invitations."""

from django.contrib import admin

from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, PlatformVersion
from caucus.lib.admin import ReadOnlyInline


class CoalitionMembershipInline(ReadOnlyInline):
    model = CoalitionMembership
    fields = ["organization", "status", "invited_at", "invited_by", "joined_at", "left_at"]


class CoordinatorInline(ReadOnlyInline):
    model = Coordinator


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    list_display = ["name", "member_list", "is_public", "created"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CoordinatorInline, CoalitionMembershipInline]


@admin.register(PlatformVersion)
class PlatformVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: the admin shows them and never edits them."""

    list_display = ["coalition", "number", "author", "created"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
