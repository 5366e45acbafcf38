from django.contrib import admin

from wenlan.circulation.models import (
    Block,
    CirculationLogEntry,
    Fine,
    Hold,
    Loan,
    Policy,
    Transit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Circulation rows change only through the desk and its services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["item", "reader", "library", "loaned_at", "due_on", "returned_at"]
    list_filter = ["library"]
    search_fields = ["item__barcode", "reader__card_number"]
    raw_id_fields = ["item", "record", "reader"]


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ["record", "reader", "pickup_library", "status", "placed_at", "expires_on"]
    list_filter = ["status", "pickup_library"]
    search_fields = ["reader__card_number"]


@admin.register(Transit)
class TransitAdmin(ReadOnlyAdmin):
    list_display = ["item", "from_library", "to_library", "reason", "sent_at", "received_at"]
    list_filter = ["to_library", "reason"]


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ["reader", "kind", "reason", "until", "cleared_at"]


@admin.register(Fine)
class FineAdmin(ReadOnlyAdmin):
    list_display = ["reader", "amount", "reason", "created_at", "settled_at"]


@admin.register(CirculationLogEntry)
class CirculationLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "item_id", "record_id", "library_id", "channel"]
    list_filter = ["kind", "channel"]


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "loan_days", "max_loans", "renewals", "overdue_rule"]
