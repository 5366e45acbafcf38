from django.contrib import admin

from wenlan.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only; only network administrators (superusers) see it."""

    list_display = [
        "at",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "subject_label",
        "origin",
    ]
    list_filter = ["action", "subject_type"]
    search_fields = ["actor_label", "subject_id", "subject_label"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
