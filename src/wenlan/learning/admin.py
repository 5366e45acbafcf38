"""Learning's rows to look up (read only): courses and lessons are edited on the
staff pages (`/staff/learning/`), where uploads are checked; classes, enrolments,
attendance and certificates change only through their services."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.learning.models import Certificate, Course, CourseClass, Enrolment, Provider


class ReadOnlyAdmin(PermissionAdmin):
    perm = Perm.LEARNING_MANAGE

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "name_en", "kind", "partner"]
    list_filter = ["kind"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "title_en", "provider", "format", "status"]
    list_filter = ["format", "status"]
    search_fields = ["title_zh", "title_en"]
    list_select_related = ["provider"]


@admin.register(CourseClass)
class CourseClassAdmin(ReadOnlyAdmin):
    library_field = "library_id"
    list_display = ["course", "library", "room", "teacher_name", "capacity", "enrolled_count"]
    list_filter = ["library"]
    list_select_related = ["course", "library"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    library_field = "course_class__library_id"
    list_display = ["course_class", "reader", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["course_class__course", "course_class__library", "reader"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "course", "issued_at", "revoked_at"]
    search_fields = ["code"]
    list_select_related = ["course"]
