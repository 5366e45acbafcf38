from django.contrib import admin

from wenlan.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Notices are made and read only through the notices services."""

    list_display = ["reader", "kind", "created_at", "emailed_at", "texted_at", "read_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
