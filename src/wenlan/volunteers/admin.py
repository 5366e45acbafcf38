"""Volunteering's rows to look up (read only): everything changes through the
coordinator's pages and the services. Profiles are not listed here: their ID
numbers are read only through the audited page."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.volunteers.models import Opportunity, Shift


class ReadOnlyAdmin(PermissionAdmin):
    perm = Perm.VOLUNTEER_MANAGE

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "library", "district", "is_open"]
    list_filter = ["district", "is_open"]
    search_fields = ["title_zh", "title_en"]
    list_select_related = ["library"]


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ["opportunity", "starts_at", "ends_at", "capacity", "signed_up_count"]
    list_filter = ["is_cancelled"]
    list_select_related = ["opportunity"]
