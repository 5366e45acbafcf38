"""Reference in the admin: the alliance's members and the service level per
category are kept here (settings rows, like pickup points); questions, notes
and referrals are listed and searched only: they are worked on the staff pages,
through the services."""

from django.contrib import admin

from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.reference.models import (
    AllianceMember,
    CategoryServiceLevel,
    Question,
    QuestionNote,
    Referral,
)


@admin.register(AllianceMember)
class AllianceMemberAdmin(PermissionAdmin):
    """Network partners in the reference alliance (network administrators)."""

    perm = Perm.PARTNER_CHANGE
    view_perm = Perm.REFERENCE_ANSWER
    list_display = ["partner", "is_active", "referral_due_working_days", "joined_on"]
    list_filter = ["is_active"]
    search_fields = ["partner__code", "partner__name_zh", "partner__name_en"]
    raw_id_fields = ["partner"]


@admin.register(CategoryServiceLevel)
class CategoryServiceLevelAdmin(PermissionAdmin):
    """A category's due time in working days, overriding WENLAN_REFERENCE_DUE_WORKING_DAYS."""

    perm = Perm.PARTNER_CHANGE
    view_perm = Perm.REFERENCE_ANSWER
    list_display = ["category", "due_working_days"]


class ListOnlyAdmin(PermissionAdmin):
    perm = Perm.REFERENCE_ANSWER

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ListOnlyAdmin):
    list_display = ["pk", "created_at", "category", "channel", "status", "due_at", "assignee"]
    list_filter = ["status", "category", "channel", "language"]
    search_fields = ["=id", "text", "=asker__card_number", "contact_email"]
    raw_id_fields = ["asker", "partner", "assignee", "answered_by"]
    exclude = ["access_token"]


@admin.register(QuestionNote)
class QuestionNoteAdmin(ListOnlyAdmin):
    list_display = ["question", "created_at", "author"]
    raw_id_fields = ["question", "author"]


@admin.register(Referral)
class ReferralAdmin(ListOnlyAdmin):
    list_display = ["question", "partner", "status", "sent_at", "due_at"]
    list_filter = ["status", "partner"]
    raw_id_fields = ["question", "partner", "sent_by", "answered_by"]
