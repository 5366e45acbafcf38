"""Records and items for cataloguers. Records come from MARC (import-marc); the
admin shows them with their MARC, withdraws them, and adds copies in bulk by
barcode range. Every write goes through the catalog services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenlan.catalog.forms import ItemsAddRangeForm
from wenlan.catalog.marc.reader import record_from_marcxml
from wenlan.catalog.models import Item, Record
from wenlan.catalog.permissions import can_catalogue, catalogue_scope
from wenlan.catalog.selectors.records import record_get
from wenlan.catalog.services import items as item_services
from wenlan.core.errors import WenlanError
from wenlan.network.selectors import library_list_by_code


class CatalogueAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return can_catalogue(request.user)

    def has_view_permission(self, request, obj=None):
        return can_catalogue(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = [
        "barcode",
        "library",
        "call_number",
        "shelf_location",
        "shelf_location_en",
        "item_type",
        "status",
        "due_on",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("library")


@admin.register(Record)
class RecordAdmin(CatalogueAdmin):
    list_display = [
        "id",
        "title",
        "first_author",
        "year",
        "isbn_list",
        "material_type",
        "is_deleted",
    ]
    list_filter = ["material_type", "is_deleted", "flavour", "language"]
    search_fields = ["title", "title_romanised", "=control_number", "=isbn_rows__isbn"]
    show_full_result_count = False
    readonly_fields = [
        "flavour",
        "control_number",
        "control_source",
        "title",
        "title_romanised",
        "parallel_title",
        "responsibility",
        "authors",
        "publisher",
        "place",
        "year",
        "edition",
        "isbns",
        "clc",
        "subjects",
        "language",
        "series",
        "summary",
        "material_type",
        "borrow_count",
        "is_deleted",
        "deleted_at",
        "created_at",
        "updated_at",
        "marc_view",
        "add_items_link",
    ]
    fields = readonly_fields
    inlines = [ItemInline]
    actions = ["withdraw_records"]

    def has_change_permission(self, request, obj=None):
        return can_catalogue(request.user)

    @admin.display(description=gettext_lazy("ISBN"))
    def isbn_list(self, obj: Record) -> str:
        return ", ".join(obj.isbns[:2])

    @admin.display(description=gettext_lazy("MARC"))
    def marc_view(self, obj: Record) -> str:
        try:
            text = str(record_from_marcxml(obj.marc))
        except ValueError as error:
            text = str(error)
        return format_html('<pre class="marc" style="white-space:pre-wrap">{}</pre>', text)

    @admin.display(description=gettext_lazy("批量添加单册"))
    def add_items_link(self, obj: Record) -> str:
        if obj.pk is None or obj.is_deleted:
            return "-"
        url = reverse("admin:catalog_record_add_items", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("按条码段添加单册"))

    @admin.action(description=gettext_lazy("删除所选书目记录（保留删除标记）"))
    def withdraw_records(self, request, queryset):
        done = 0
        for record in queryset.order_by("pk"):
            try:
                item_services.record_delete(actor=request.user, record_id=record.pk)
                done += 1
            except WenlanError as error:
                self.message_user(request, f"{record.title}: {error}", messages.ERROR)
        if done:
            self.message_user(request, _("已删除 %(n)s 条记录。") % {"n": done}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<id:record_id>/add-items/",
                self.admin_site.admin_view(self.add_items_view),
                name="catalog_record_add_items",
            ),
            *super().get_urls(),
        ]

    def add_items_view(self, request, record_id: int):
        if not can_catalogue(request.user):
            raise PermissionDenied
        record = record_get(record_id=record_id)
        scope = catalogue_scope(request.user)
        libraries = library_list_by_code(scope=scope, active_only=True)
        form = ItemsAddRangeForm(request.POST or None, libraries=libraries)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                items = item_services.items_add_range(
                    actor=request.user,
                    record_id=record.pk,
                    library_id=data["library"].pk,
                    first_barcode=data["first_barcode"],
                    count=data["count"],
                    call_number=data["call_number"],
                    shelf_location=data["shelf_location"],
                    shelf_location_en=data["shelf_location_en"],
                    item_type=data["item_type"],
                    price=data["price"],
                    status=data["status"],
                )
            except WenlanError as error:
                form.add_error(
                    getattr(error, "field", None)
                    if getattr(error, "field", None) in form.fields
                    else None,
                    str(error),
                )
            else:
                self.message_user(
                    request,
                    _("已添加 %(n)s 册：%(first)s – %(last)s")
                    % {"n": len(items), "first": items[0].barcode, "last": items[-1].barcode},
                    messages.SUCCESS,
                )
                return redirect("admin:catalog_record_change", record.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("按条码段添加单册"),
            "record": record,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "catalog/admin_add_items.html", context)


@admin.register(Item)
class ItemAdmin(CatalogueAdmin):
    list_display = ["barcode", "record", "library", "call_number", "status", "due_on"]
    list_filter = ["status", "item_type", "library"]
    search_fields = ["=barcode", "call_number"]
    list_select_related = ["record", "library"]
    raw_id_fields = ["record"]
    fields = [
        "record",
        "barcode",
        "library",
        "location",
        "call_number",
        "shelf_location",
        "shelf_location_en",
        "item_type",
        "status",
        "price",
        "acquired_on",
        "due_on",
    ]
    readonly_fields = ["record", "barcode", "library", "acquired_on", "due_on"]
    show_full_result_count = False

    def get_queryset(self, request):
        items = super().get_queryset(request)
        scope = catalogue_scope(request.user)
        return items if scope is None else items.filter(library_id__in=scope)

    def has_change_permission(self, request, obj=None):
        return can_catalogue(request.user, library_id=obj.library_id if obj else None)

    def save_model(self, request, obj, form, change):
        changes = {
            ("location_id" if name == "location" else name): (
                obj.location_id if name == "location" else getattr(obj, name)
            )
            for name in form.changed_data
        }
        if changes:
            item_services.item_update(actor=request.user, item_id=obj.pk, **changes)
