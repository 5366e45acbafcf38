"""The audit log of staff access to personal data. `audit_record` is called
inside the service's own transaction, so the entry and the change land together.
`actor` is the user row of the one who acts (`accounts.actors.acting_user`), None
for the system."""

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Model, QuerySet

from wenlan.core import clock
from wenlan.core.models import AuditAction, AuditEntry

SYSTEM_LABEL = "system"

_origin: contextvars.ContextVar[str] = contextvars.ContextVar("wenlan_origin", default="")


@contextlib.contextmanager
def origin(address: str) -> Iterator[None]:
    token = _origin.set(address)
    try:
        yield
    finally:
        _origin.reset(token)


def audit_record(
    *, actor, action: AuditAction, subject: Model, fields: Iterable[str] = ()
) -> AuditEntry:
    if action == AuditAction.READ:
        fields = sorted(fields)
        earlier = audit_recent_view(actor=actor, subject=subject, fields=fields)
        if earlier is not None:
            return earlier
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=actor,
        actor_label=actor.username if actor is not None else SYSTEM_LABEL,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:200],
        fields=sorted(fields),
        origin=_origin.get(),
    )


def audit_recent_view(*, actor, subject: Model, fields: list[str]) -> AuditEntry | None:
    """The same staff member's entry for reading the same fields of the same subject
    from the same address within WENLAN_AUDIT_VIEW_WINDOW_MINUTES: a desk that opens
    one reader again and again during one visit leaves one entry, not one per page."""
    window = settings.WENLAN_AUDIT_VIEW_WINDOW_MINUTES
    if window <= 0 or actor is None:
        return None
    return (
        AuditEntry.objects.filter(
            actor_id=actor.pk,
            action=AuditAction.READ,
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            fields=fields,
            origin=_origin.get(),
            at__gte=clock.now() - dt.timedelta(minutes=window),
        )
        .order_by("-at", "-pk")
        .first()
    )


def audit_record_many(*, actor, action: AuditAction, subjects: Iterable[Model]) -> None:
    at, address = clock.now(), _origin.get()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=at,
            actor=actor,
            actor_label=actor.username if actor is not None else SYSTEM_LABEL,
            action=action,
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            subject_label=str(subject)[:200],
            origin=address,
        )
        for subject in subjects
    )


def audit_entries(
    *, subject_type: str | None = None, subject_id: str | None = None
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if subject_type:
        entries = entries.filter(subject_type=subject_type)
    if subject_id:
        entries = entries.filter(subject_id=subject_id)
    return entries


def audit_pseudonymise(
    *, subject_type: str, subject_id: str, pseudonym: str, actor_id: int | None = None
) -> int:
    """An erased person's entries stay (who looked at what, and when, is still
    accountable) but no longer name them: the subject's label, and their own
    account's label where they acted, become `pseudonym`. The one update the log
    allows. Returns the number of entries changed."""
    changed = AuditEntry.objects.filter(subject_type=subject_type, subject_id=subject_id).update(
        subject_label=pseudonym
    )
    if actor_id is not None:
        changed += AuditEntry.objects.filter(actor_id=actor_id).update(actor_label=pseudonym)
    return changed
