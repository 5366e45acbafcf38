"""Staff keep channels, venues and events in the admin. Workflow steps (submit,
approve, publish, cancel) are admin actions that call the services, so the
permission rules and notices are the same as everywhere else."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.admin_base import URL_FIELDS, PermissionAdmin, PermissionInline
from wenlan.accounts.enums import Perm
from wenlan.core.errors import WenlanError
from wenlan.events.models import (
    ActivityProposal,
    Channel,
    Event,
    Occurrence,
    ReadingClub,
    Registration,
    Venue,
)
from wenlan.events.permissions import can_on_event
from wenlan.events.selectors.events import event_list_manageable
from wenlan.events.services import events as services
from wenlan.events.services import occurrences

ADMIN_EVENT_FIELDS = services.EVENT_FIELDS | {"venue"}


@admin.register(Channel)
class ChannelAdmin(PermissionAdmin):
    perm = Perm.EVENT_APPROVE
    list_display = ["slug", "title_zh", "title_en", "partner", "position", "is_active"]
    search_fields = ["slug", "title_zh", "title_en"]


@admin.register(Venue)
class VenueAdmin(PermissionAdmin):
    perm = Perm.EVENT_MANAGE
    list_display = ["name_zh", "name_en", "library", "address_zh", "latitude", "longitude"]
    list_filter = ["library"]
    search_fields = ["name_zh", "name_en", "address_zh"]


class OccurrenceInlineForm(forms.ModelForm):
    """Existing occurrences are shown, not edited here: a capacity change must go
    through the service that promotes the waitlist."""

    class Meta:
        model = Occurrence
        fields = ["starts_at", "ends_at", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field in self.fields.values():
                field.disabled = True


class OccurrenceInline(PermissionInline, admin.TabularInline):
    perm = Perm.EVENT_MANAGE
    model = Occurrence
    form = OccurrenceInlineForm
    extra = 1
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False

    fields = [
        "starts_at",
        "ends_at",
        "capacity",
        "confirmed_count",
        "waitlist_count",
        "is_cancelled",
    ]
    readonly_fields = ["confirmed_count", "waitlist_count", "is_cancelled"]


def _workflow_action(service, label):
    def action(modeladmin, request, queryset):
        done = 0
        for event in queryset:
            try:
                service(actor=request.user, event_id=event.pk)
            except WenlanError as error:
                modeladmin.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, _("已处理 %(n)d 项。") % {"n": done}, messages.SUCCESS)

    action.short_description = label
    action.__name__ = f"action_{service.__name__}"
    return action


@admin.register(Event)
class EventAdmin(PermissionAdmin):
    perm = Perm.EVENT_MANAGE
    formfield_overrides = URL_FIELDS
    list_display = [
        "title_zh",
        "status",
        "category",
        "organiser_library",
        "organiser_partner",
        "source",
    ]
    list_filter = ["status", "category", "source", "channels"]
    search_fields = ["title_zh", "title_en", "uid", "external_uid"]
    filter_horizontal = ["channels"]
    inlines = [OccurrenceInline]
    readonly_fields = [
        "uid",
        "external_uid",
        "source",
        "source_sequence",
        "status",
        "published_at",
        "cancel_reason",
        "created_by",
    ]
    actions = [
        _workflow_action(services.event_submit, _("提交审核")),
        _workflow_action(services.event_approve, _("审核通过")),
        _workflow_action(services.event_publish, _("发布")),
        _workflow_action(services.event_cancel, _("取消活动并通知报名读者")),
    ]

    def get_queryset(self, request):
        return event_list_manageable(actor=request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return can_on_event(request.user, Perm.EVENT_MANAGE, obj) or can_on_event(
            request.user, Perm.EVENT_APPROVE, obj
        )

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_on_event(request.user, Perm.EVENT_MANAGE, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields += ["organiser_library", "organiser_partner"]
        return fields

    def save_model(self, request, obj, form, change):
        values = {
            ("venue_id" if name == "venue" else name): (
                form.cleaned_data[name].pk
                if name == "venue" and form.cleaned_data[name]
                else form.cleaned_data[name]
            )
            for name in form.changed_data
            if name in ADMIN_EVENT_FIELDS
        }
        channel_ids = [c.pk for c in form.cleaned_data.get("channels", [])]
        if change:
            saved = services.event_update(
                actor=request.user, event_id=obj.pk, channel_ids=channel_ids, **values
            )
        else:
            values.pop("title_zh", None)
            library = form.cleaned_data.get("organiser_library")
            partner = form.cleaned_data.get("organiser_partner")
            saved = services.event_create(
                actor=request.user,
                title_zh=form.cleaned_data["title_zh"],
                organiser_library_id=library.pk if library else None,
                organiser_partner_id=partner.pk if partner else None,
                channel_ids=channel_ids,
                **values,
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            added = []
            for occurrence_form in formset.forms:
                if occurrence_form.instance.pk or not occurrence_form.has_changed():
                    continue
                if not occurrence_form.is_valid() or occurrence_form.cleaned_data.get("DELETE"):
                    continue
                data = occurrence_form.cleaned_data
                added.append(
                    occurrences.occurrence_add(
                        actor=request.user,
                        event_id=form.instance.pk,
                        spec=occurrences.OccurrenceSpec(
                            data["starts_at"], data["ends_at"], data["capacity"]
                        ),
                    )
                )
            # what saving the formset would have recorded, for the admin's change message
            formset.new_objects, formset.changed_objects, formset.deleted_objects = added, [], []


@admin.register(Registration)
class RegistrationAdmin(PermissionAdmin):
    """Read-only: sign-up, cancellation and check-in go through their pages."""

    perm = Perm.EVENT_MANAGE
    list_display = ["ticket_code", "reader", "occurrence", "status", "created_at", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["=ticket_code", "reader__card_number"]
    list_select_related = ["reader", "occurrence__event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(occurrence__event__in=event_list_manageable(actor=request.user))
        )


@admin.register(ReadingClub)
class ReadingClubAdmin(PermissionAdmin):
    """Read here; approval is on the staff review page, membership on the club's page."""

    perm = Perm.EVENT_APPROVE
    library_field = "library_id"
    list_display = ["name_zh", "slug", "library", "founder", "status", "approved_at"]
    list_filter = ["status"]
    search_fields = ["name_zh", "name_en", "slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityProposal)
class ActivityProposalAdmin(PermissionAdmin):
    """Read here; review is on the staff review page."""

    perm = Perm.EVENT_APPROVE
    library_field = "library_id"
    list_display = ["title", "reader", "library", "preferred_date", "status", "event"]
    list_filter = ["status"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
