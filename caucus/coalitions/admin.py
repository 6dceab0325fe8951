from django.contrib import admin

from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, PlatformVersion


class CoalitionMembershipInline(admin.TabularInline):
    model = CoalitionMembership
    extra = 0
    raw_id_fields = ["organization", "invited_by"]


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    raw_id_fields = ["user"]


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
