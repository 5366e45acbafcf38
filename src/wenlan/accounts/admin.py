from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from wenlan.accounts import services
from wenlan.accounts.admin_base import PermissionAdmin
from wenlan.accounts.enums import Perm
from wenlan.accounts.models import ApiKey, StaffRole, User


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["library", "partner"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffRoleInline]
    list_display = ["username", "first_name", "email", "is_staff", "is_active", "language"]
    fieldsets = [*DjangoUserAdmin.fieldsets, (_("偏好"), {"fields": ["language"]})]

    def get_queryset(self, request):
        # Readers' accounts are personal data: they are managed through the reader record.
        return super().get_queryset(request).filter(is_staff=True)

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(ApiKey)
class ApiKeyAdmin(PermissionAdmin):
    perm = Perm.APIKEY_MANAGE
    list_display = [
        "name",
        "prefix",
        "user",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    fields = [
        "name",
        "user",
        "scopes",
        "expires_at",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # Keys are created with `wenlan createapikey` so the secret is shown once, never stored.
        return False

    @admin.action(description=_("吊销所选密钥"))
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.apikey_revoke(api_key_id=api_key.pk, actor=request.user)
