from django.contrib import admin

from caucus.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log is append-only, for operators too."""

    list_display = ["created", "actor_name", "action", "organization", "coalition"]
    list_filter = ["action"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
