from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.network.models import (
    Agreement,
    Library,
    OpeningException,
    OpeningHours,
    Partner,
    PartnerContact,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Library)
class LibraryAdmin(PermissionAdmin):
    perm = Perm.LIBRARY_CHANGE
    library_field = "pk"
    list_display = ["code", "name_zh", "name_en", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active", "cooperation_model"]
    search_fields = ["code", "name_zh", "name_en"]
    autocomplete_fields = ["parent", "partner"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "kind", "parent", "is_active"]}),
        (
            "地址与联系 · Address and contact",
            {
                "fields": [
                    "address_zh",
                    "address_en",
                    "latitude",
                    "longitude",
                    "phone",
                    "email",
                    "website",
                ]
            },
        ),
        (
            "主题分馆 · Themed branch",
            {"fields": ["theme_zh", "theme_en", "partner", "cooperation_model"]},
        ),
    ]


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0


@admin.register(Partner)
class PartnerAdmin(PermissionAdmin):
    perm = Perm.PARTNER_CHANGE
    list_display = ["code", "name_zh", "name_en", "kind", "country", "is_trusted"]
    list_filter = ["kind", "is_trusted"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [PartnerContactInline, AgreementInline]
