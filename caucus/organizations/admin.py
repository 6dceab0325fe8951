"""Operators see organizations and their people; who belongs, and in which role, changes on
the organization's own pages (invitations, audited role changes), never here."""

from django.contrib import admin

from caucus.lib.admin import ReadOnlyInline
from caucus.organizations.models import Body, Invitation, Membership, Organization


class MembershipInline(ReadOnlyInline):
    model = Membership


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country", "is_public", "created"]
    list_filter = ["country", "is_public"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, BodyInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organization", "role", "created", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    readonly_fields = [
        "organization",
        "email",
        "role",
        "invited_by",
        "created",
        "accepted_at",
        "accepted_by",
        "sent_at",
    ]
