from django.contrib import admin
from django.db import models

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, library_scope

# An address typed without its scheme is taken as https (Django 6's default, asked for now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class PermissionAdmin(admin.ModelAdmin):
    """Admin pages ask the one permission helper, not Django's model permissions.
    `library_field` names the path to the library that scopes a row, if any."""

    perm: Perm
    view_perm: Perm | None = None
    library_field: str | None = None

    def _view_perm(self) -> Perm:
        return self.view_perm or self.perm

    def has_module_permission(self, request):
        return can(request.user, self._view_perm())

    def has_view_permission(self, request, obj=None):
        return can(request.user, self._view_perm(), library_id=self._library_id(obj))

    def has_change_permission(self, request, obj=None):
        return can(request.user, self.perm, library_id=self._library_id(obj))

    def has_add_permission(self, request):
        return can(request.user, self.perm)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and can(request.user, self.perm)

    def _library_id(self, obj) -> int | None:
        if obj is None or self.library_field is None:
            return None
        value = obj
        for part in self.library_field.split("__"):
            value = getattr(value, part)
        return value

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if self.library_field is None:
            return rows
        scope = library_scope(request.user, self._view_perm())
        return rows if scope is None else rows.filter(**{f"{self.library_field}__in": scope})


class PermissionInline:
    """Mixed into an inline (before `admin.TabularInline`): it asks the one
    permission helper for `perm`, not Django's model permissions."""

    perm: Perm
    formfield_overrides = URL_FIELDS

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.perm)

    def has_add_permission(self, request, obj=None):
        return can(request.user, self.perm)

    def has_change_permission(self, request, obj=None):
        return can(request.user, self.perm)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, self.perm)
