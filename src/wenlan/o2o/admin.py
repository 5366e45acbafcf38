"""悦读 and 悦借 in the admin: lists and search only, but for pickup points and
delivery zones. Stores are enrolled, rules kept, statements accepted and parcels
moved on on the staff pages, through the services."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.o2o.models import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
    DeliveryFeeEntry,
    DeliveryLine,
    DeliveryOrder,
    DeliveryZone,
    HandOnOffer,
    Parcel,
    ParcelStep,
    PickupPoint,
    PurchaseSuggestion,
    StoreListing,
    StoreOrder,
)


class ListOnlyAdmin(PermissionAdmin):
    perm = Perm.O2O_MANAGE

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Bookstore)
class BookstoreAdmin(ListOnlyAdmin):
    list_display = ["library", "owner_library", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["library__code", "library__name_zh", "library__name_en"]
    library_field = "library_id"


@admin.register(BookstoreRule)
class BookstoreRuleAdmin(ListOnlyAdmin):
    list_display = ["__str__", "monthly_limit", "max_age_years", "price_cap", "budget_per_month"]


@admin.register(BookstoreLoan)
class BookstoreLoanAdmin(ListOnlyAdmin):
    list_display = ["created_at", "bookstore", "isbn", "title", "price", "reader"]
    list_filter = ["bookstore", "period", "brief_record"]
    search_fields = ["isbn", "title", "=reader__card_number", "item__barcode"]
    raw_id_fields = ["reader", "loan", "item", "record"]
    library_field = "bookstore__library_id"


@admin.register(BookstoreSettlement)
class BookstoreSettlementAdmin(ListOnlyAdmin):
    list_display = ["bookstore", "period", "line_count", "total", "library_accepted_at",
                    "store_accepted_at"]  # fmt: skip
    list_filter = ["period"]
    library_field = "bookstore__library_id"


@admin.register(HandOnOffer)
class HandOnOfferAdmin(ListOnlyAdmin):
    """悦享 offers, for the desk staff of the library that lent the copy (a reader's
    question about a hand-on); offers are made and taken on the readers' pages."""

    perm = Perm.CIRCULATION_DESK
    list_display = ["created_at", "record", "status", "named", "expires_at", "closed_at"]
    list_filter = ["status", "named"]
    search_fields = ["=code", "item__barcode", "=giver__card_number", "=receiver__card_number"]
    raw_id_fields = ["loan", "new_loan", "item", "record", "giver", "receiver"]
    library_field = "loan__library_id"


@admin.register(PurchaseSuggestion)
class PurchaseSuggestionAdmin(ListOnlyAdmin):
    """悦购 suggestions, for the acquisitions staff of the buying library; decided
    and received on the staff pages, through the services."""

    perm = Perm.ACQUISITIONS
    list_display = ["created_at", "title", "isbn", "library", "status", "decided_at"]
    list_filter = ["status", "library"]
    search_fields = ["=isbn", "title", "=reader__card_number"]
    raw_id_fields = ["reader", "record", "item", "hold", "decided_by"]
    library_field = "library_id"


@admin.register(StoreListing)
class StoreListingAdmin(ListOnlyAdmin):
    """悦购 titles the partner bookstores list; kept on the clerks' page."""

    perm = Perm.O2O_TILL
    list_display = ["bookstore", "isbn", "title", "price", "stock", "updated_at"]
    list_filter = ["stock", "bookstore"]
    search_fields = ["=isbn", "title"]
    library_field = "bookstore__library_id"


@admin.register(StoreOrder)
class StoreOrderAdmin(ListOnlyAdmin):
    perm = Perm.O2O_TILL
    list_display = ["created_at", "bookstore", "title", "price", "status"]
    list_filter = ["status", "bookstore"]
    search_fields = ["title", "=reader__card_number"]
    raw_id_fields = ["reader", "listing"]
    library_field = "bookstore__library_id"


# --- 悦借 ---------------------------------------------------------------------
# Pickup points and delivery zones are kept here (plain rows, no rule to enforce
# beyond their constraints); orders, parcels and the fee ledger are listed only:
# they move on through the staff pages and the API.


@admin.register(PickupPoint)
class PickupPointAdmin(PermissionAdmin):
    perm = Perm.O2O_MANAGE
    list_display = ["library", "compartments", "hold_days", "is_active"]
    list_filter = ["is_active"]
    library_field = "library_id"


@admin.register(DeliveryZone)
class DeliveryZoneAdmin(PermissionAdmin):
    perm = Perm.O2O_MANAGE
    list_display = ["name_zh", "name_en", "fee", "free_from_books", "is_active"]
    list_filter = ["is_active"]


class DeliveryListAdmin(ListOnlyAdmin):
    perm = Perm.O2O_DELIVERY


class ParcelStepInline(admin.TabularInline):
    model = ParcelStep
    extra = 0
    can_delete = False
    readonly_fields = ["status", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Parcel)
class ParcelAdmin(DeliveryListAdmin):
    list_display = ["__str__", "library", "status", "status_at", "courier", "tracking_number"]
    list_filter = ["status", "library"]
    search_fields = ["tracking_number", "=order__reader__card_number"]
    raw_id_fields = ["order"]
    inlines = [ParcelStepInline]
    library_field = "library_id"


@admin.register(DeliveryOrder)
class DeliveryOrderAdmin(DeliveryListAdmin):
    list_display = ["__str__", "placed_at", "destination", "fee", "reader"]
    list_filter = ["destination"]
    search_fields = ["=reader__card_number"]
    raw_id_fields = ["reader"]


@admin.register(DeliveryLine)
class DeliveryLineAdmin(DeliveryListAdmin):
    list_display = ["__str__", "record", "status", "picked_at", "reason"]
    list_filter = ["status"]
    search_fields = ["item__barcode"]
    raw_id_fields = ["parcel", "item", "record", "loan"]
    library_field = "parcel__library_id"


@admin.register(DeliveryFeeEntry)
class DeliveryFeeEntryAdmin(DeliveryListAdmin):
    list_display = ["created_at", "reader", "amount", "note", "settled_at"]
    search_fields = ["=reader__card_number"]
    raw_id_fields = ["reader", "order"]
