"""Training runs are read here, never edited; segments are labelled on their staff
page (/staff/segments/), and the lists are never shown to staff."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.recommendations.models import TrainingRun


@admin.register(TrainingRun)
class TrainingRunAdmin(PermissionAdmin):
    perm = Perm.AUDIENCE_MANAGE
    list_display = ["started_at", "finished_at", "status", "engine", "export_id"]
    list_filter = ["status", "engine"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
