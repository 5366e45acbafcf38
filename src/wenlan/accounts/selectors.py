"""Reads for the accounts app: the audit log with its filters and labels a person
can read, and the libraries and partners a staff role may be scoped to."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Role
from wenlan.accounts.models import StaffRole, User
from wenlan.core import clock
from wenlan.core.audit import audit_entries
from wenlan.core.models import AuditEntry

READER_SUBJECT = "patrons.reader"

# What an entry is about, in words; other kinds take their model's name.
_SUBJECT_LABELS = {
    READER_SUBJECT: _("读者记录"),
    "events.registration": _("活动报名"),
}

# Field names written by services that are not model fields.
_EXTRA_FIELD_LABELS = {
    "loans": _("借阅记录"),
    "block": _("停借"),
}


@dataclass(frozen=True)
class AuditFilters:
    actor_label: str = ""
    reader: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    subject_type: str = ""
    subject_id: str = ""


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    subject_kind: str
    field_labels: list[str]


def audit_actor_labels() -> list[str]:
    """The staff accounts that appear in the log, for the filter's choices."""
    return list(
        AuditEntry.objects.order_by("actor_label").values_list("actor_label", flat=True).distinct()
    )


def audit_entry_list(filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = audit_entries(
        subject_type=filters.subject_type or None, subject_id=filters.subject_id or None
    )
    if filters.actor_label:
        entries = entries.filter(actor_label=filters.actor_label)
    if filters.reader.strip():
        entries = entries.filter(
            subject_type=READER_SUBJECT, subject_label__icontains=filters.reader.strip()
        )
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from:
        entries = entries.filter(at__gte=clock.day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=clock.day_start(filters.date_to + dt.timedelta(days=1)))
    return entries


def _model(subject_type: str):
    try:
        return apps.get_model(subject_type)
    except (LookupError, ValueError):
        return None


def _field_label(model, name: str) -> str:
    if name in _EXTRA_FIELD_LABELS:
        return str(_EXTRA_FIELD_LABELS[name])
    if model is not None:
        for candidate in (name, name.removesuffix("_id")):
            try:
                return str(model._meta.get_field(candidate).verbose_name)
            except FieldDoesNotExist:
                continue
    return name


def audit_rows(entries) -> list[AuditRow]:
    """Each entry with the kind of thing it is about and its fields in words."""
    rows = []
    for entry in entries:
        model = _model(entry.subject_type)
        if entry.subject_type in _SUBJECT_LABELS:
            kind = str(_SUBJECT_LABELS[entry.subject_type])
        else:
            kind = str(model._meta.verbose_name) if model is not None else entry.subject_type
        labels = [_field_label(model, name) for name in entry.fields or []] or [str(_("整条记录"))]
        rows.append(AuditRow(entry, kind, labels))
    return rows


# accounts sits below network: it reaches libraries and partners through the
# foreign keys of a staff role, never by importing network.
def role_library_id_by_code(*, code: str) -> int | None:
    library_model = StaffRole._meta.get_field("library").related_model
    return library_model.objects.filter(code=code).values_list("pk", flat=True).first()


def role_partner_id_by_code(*, code: str) -> int | None:
    partner_model = StaffRole._meta.get_field("partner").related_model
    return partner_model.objects.filter(code=code).values_list("pk", flat=True).first()


def staff_with_roles(*, roles: list[Role]) -> list[User]:
    """Active staff holding any of `roles`, by username (e.g. whom work can be assigned to)."""
    return list(
        User.objects.filter(is_active=True, staff_roles__role__in=roles)
        .distinct()
        .order_by("username")
    )
