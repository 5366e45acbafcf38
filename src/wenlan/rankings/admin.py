"""Network administrators register the feed sources (a partner, the kind it sends);
uploads, works, runs and reading lists are read here, never edited."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.rankings import services
from wenlan.rankings.models import FeedSource, FeedUpload, ReadingList, Work


@admin.register(FeedSource)
class FeedSourceAdmin(PermissionAdmin):
    perm = Perm.RANKING_MANAGE
    list_display = ["code", "name", "kind", "partner", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["partner"]

    def save_model(self, request, obj, form, change):
        services.source_save(actor=request.user, source=obj)


class _ReadOnly(PermissionAdmin):
    perm = Perm.RANKING_MANAGE

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedUpload)
class FeedUploadAdmin(_ReadOnly):
    list_display = ["received_at", "source", "file_name", "status", "accepted", "rejected"]
    list_filter = ["status", "kind"]
    list_select_related = ["source"]


@admin.register(Work)
class WorkAdmin(_ReadOnly):
    list_display = ["title", "author", "clc", "category", "published_on"]
    list_filter = ["category"]
    search_fields = ["title", "author", "isbns__isbn"]


@admin.register(ReadingList)
class ReadingListAdmin(_ReadOnly):
    """Lists are made and run on their staff pages (/staff/rankings/lists/)."""

    list_display = ["date", "theme_zh", "occasion", "status", "chair"]
    list_filter = ["occasion", "status"]
    list_select_related = ["chair"]
