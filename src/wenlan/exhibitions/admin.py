"""Organisers' staff keep their exhibitions here; saving, the images and publishing
go through the services, so only the organiser's staff change an exhibition."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.admin_base import PermissionAdmin, PermissionInline
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import organiser_condition
from wenlan.exhibitions import services
from wenlan.exhibitions.models import Exhibition, ExhibitionImage


class ExhibitionImageInline(PermissionInline, admin.TabularInline):
    perm = Perm.EVENT_MANAGE
    model = ExhibitionImage
    extra = 1
    fields = ["position", "image", "image_url", "caption_zh", "caption_en", "is_panorama"]


@admin.register(Exhibition)
class ExhibitionAdmin(PermissionAdmin):
    perm = Perm.EVENT_MANAGE
    list_display = [
        "title_zh",
        "slug",
        "organiser_library",
        "organiser_partner",
        "opens_on",
        "is_published",
    ]
    list_filter = ["is_published"]
    search_fields = ["title_zh", "title_en", "slug"]
    inlines = [ExhibitionImageInline]
    readonly_fields = ["is_published"]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        rows = (
            super().get_queryset(request).select_related("organiser_library", "organiser_partner")
        )
        condition = organiser_condition(actor=request.user, perm=Perm.EVENT_MANAGE)
        return rows if condition is None else rows.filter(condition)

    def save_model(self, request, obj, form, change):
        services.exhibition_save(actor=request.user, exhibition=obj)

    def save_formset(self, request, form, formset, change):
        images = formset.save(commit=False)
        for image in formset.deleted_objects:
            services.exhibition_image_delete(actor=request.user, image_id=image.pk)
        for image in images:
            services.exhibition_image_save(actor=request.user, image=image)

    @admin.action(description=_("发布"))
    def publish(self, request, queryset):
        for exhibition in queryset:
            services.exhibition_set_published(
                actor=request.user, exhibition_id=exhibition.pk, published=True
            )

    @admin.action(description=_("撤下"))
    def unpublish(self, request, queryset):
        for exhibition in queryset:
            services.exhibition_set_published(
                actor=request.user, exhibition_id=exhibition.pk, published=False
            )
