"""Pieces of the operators' admin shared by the apps."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows the admin shows but never adds, changes or deletes: they change through a
    service that audits and tells people (an invitation, a coordinator named, a role)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
