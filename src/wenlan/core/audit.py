"""The audit log of staff access to personal data. `audit_record` is called
inside the service's own transaction, so the entry and the change land together."""

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.db.models import Model, QuerySet

from wenlan.core import clock
from wenlan.core.models import AuditAction, AuditEntry

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
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=getattr(actor, "username", "") or "system",
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:200],
        fields=sorted(fields),
        origin=_origin.get(),
    )


def audit_record_many(*, actor, action: AuditAction, subjects: Iterable[Model]) -> None:
    at, address = clock.now(), _origin.get()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=at,
            actor=actor,
            actor_label=actor.username,
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
