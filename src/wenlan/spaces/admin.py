"""Staff of a library keep its bookable resources here; bookings are read only (readers
book on the resource's page, staff check in on theirs)."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.spaces import services
from wenlan.spaces.models import Booking, Resource


@admin.register(Resource)
class ResourceAdmin(PermissionAdmin):
    perm = Perm.EVENT_MANAGE
    library_field = "library_id"
    list_display = [
        "name_zh",
        "slug",
        "kind",
        "library",
        "slot_minutes",
        "max_hours_per_week",
        "induction_event",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_zh", "name_en", "slug"]
    raw_id_fields = ["induction_event"]

    def save_model(self, request, obj, form, change):
        services.resource_save(actor=request.user, resource=obj)


@admin.register(Booking)
class BookingAdmin(PermissionAdmin):
    perm = Perm.EVENT_MANAGE
    library_field = "resource__library_id"
    list_display = ["resource", "reader", "starts_at", "status", "checked_in_at"]
    list_filter = ["status", "resource"]
    list_select_related = ["resource", "reader"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
