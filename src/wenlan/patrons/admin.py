from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.patrons import services
from wenlan.patrons.models import Reader


@admin.register(Reader)
class ReaderAdmin(PermissionAdmin):
    """Scoped to the staff member's libraries; every opened record and every change
    goes through the patrons services, so it is audited."""

    perm = Perm.READER_CHANGE
    view_perm = Perm.READER_VIEW
    library_field = "home_library_id"
    list_display = ["card", "name", "category", "home_library", "status", "expiry_date"]
    list_filter = ["status", "category"]
    search_fields = ["=card_number", "name"]
    readonly_fields = [
        "card",
        "user",
        "registered_on",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "card",
        "name",
        "phone",
        "email",
        "category",
        "birth_year",
        "home_library",
        "status",
        "expiry_date",
        "language",
        "keep_reading_history",
        "allow_recommendations",
        "allow_analytics",
        "email_notices",
        "user",
        "registered_on",
        "erased_at",
    ]

    @admin.display(description=_("读者卡号"), ordering="card_number")
    def card(self, reader: Reader) -> str:
        return reader.card_display

    def has_add_permission(self, request):
        return False  # readers are registered at the desk or sign up themselves

    def has_delete_permission(self, request, obj=None):
        return False  # deletion is erasure, done by the reader or the reader service

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        services.reader_list_seen(actor=request.user, readers=list(changelist.result_list))
        return changelist

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id and object_id.isdigit():
            services.reader_open(actor=request.user, reader_id=int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        changes = {
            ("home_library_id" if name == "home_library" else name): getattr(
                obj, f"{name}_id" if name == "home_library" else name
            )
            for name in form.changed_data
        }
        services.reader_update(actor=request.user, reader_id=obj.pk, **changes)
