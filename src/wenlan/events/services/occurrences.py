"""An event's occurrences: what one is made of, a series from a recurrence rule,
adding one, changing its seats, cancelling them all and keeping them in step with
an organiser's feed. The functions without a transaction of their own are steps
of an event's services (`services/events.py`) and run inside theirs."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Perm
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.events import locks
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Event, Occurrence, Registration
from wenlan.events.permissions import ensure_can_on_event
from wenlan.events.policies import recurrence_starts
from wenlan.events.selectors.events import event_get_for_change
from wenlan.events.services.registrations import promote_waitlisted


@dataclass(frozen=True)
class OccurrenceSpec:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = 0


def occurrences_repeated(first: OccurrenceSpec, *, rule: str) -> list[OccurrenceSpec]:
    """A series: the first occurrence repeated by an RRULE, same length and capacity."""
    length = first.ends_at - first.starts_at
    return [
        OccurrenceSpec(start, start + length, first.capacity)
        for start in recurrence_starts(first.starts_at, rule)
    ]


def occurrence_specs_checked(specs: Iterable[OccurrenceSpec]) -> list[OccurrenceSpec]:
    """The specs as a list; ValidationError for one that does not end after it
    starts or has fewer than no seats."""
    checked = list(specs)
    for spec in checked:
        if spec.ends_at <= spec.starts_at:
            raise ValidationError(_("场次的结束时间必须晚于开始时间。"), field="occurrences")
        if spec.capacity < 0:
            raise ValidationError(_("名额不能为负数。"), field="occurrences")
    return checked


def occurrences_create(*, event: Event, specs: Iterable[OccurrenceSpec]) -> None:
    """A new event's occurrences (a step of `event_create`)."""
    Occurrence.objects.bulk_create(
        Occurrence(event=event, starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity)
        for s in occurrence_specs_checked(specs)
    )


@transaction.atomic
def occurrence_add(*, actor, event_id: int, spec: OccurrenceSpec) -> Occurrence:
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, event)
    (spec,) = occurrence_specs_checked([spec])
    return Occurrence.objects.create(
        event=event, starts_at=spec.starts_at, ends_at=spec.ends_at, capacity=spec.capacity
    )


@transaction.atomic
def occurrence_set_capacity(*, actor, occurrence_id: int, capacity: int) -> Occurrence:
    """More seats promote the waitlist in order; fewer seats never unseat anyone."""
    occurrence = locks.occurrence_lock(occurrence_id=occurrence_id)
    if occurrence is None:
        raise NotFoundError()
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, occurrence.event)
    if capacity < occurrence.confirmed_count:
        raise ValidationError(
            _("名额不能少于已确认人数（%(n)d）。") % {"n": occurrence.confirmed_count},
            field="capacity",
        )
    occurrence.capacity = capacity
    promote_waitlisted(occurrence)
    occurrence.save(update_fields=["capacity", "confirmed_count", "waitlist_count"])
    return occurrence


def occurrences_cancel(*, event_id: int) -> None:
    """Every occurrence of the event cancelled under its lock, and every place in
    them (a step of `event_cancel`; the readers are told after the commit)."""
    occurrences = locks.occurrences_lock(event_id=event_id)
    now = clock.now()
    Registration.objects.filter(
        occurrence__in=occurrences,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).update(status=RegistrationStatus.CANCELLED, cancelled_at=now, notified_at=None)
    Occurrence.objects.filter(pk__in=[o.pk for o in occurrences]).update(
        is_cancelled=True, confirmed_count=0, waitlist_count=0
    )


def occurrences_restore(*, event_id: int) -> None:
    """The occurrences of an event taken back after a cancellation, open again
    (their places stay cancelled)."""
    Occurrence.objects.filter(event_id=event_id).update(is_cancelled=False)


def occurrences_sync(*, event: Event, specs: Iterable[OccurrenceSpec]) -> bool:
    """The event's occurrences made as the organiser's feed now lists them; True
    when any changed. Matched in time order: an occurrence someone registered for
    is moved, never deleted; a surplus one without registrations is removed."""
    wanted = sorted(occurrence_specs_checked(specs), key=lambda s: s.starts_at)
    current = locks.occurrences_lock(event_id=event.pk)
    current.sort(key=lambda o: (o.starts_at, o.pk))
    changed = False
    for occurrence, spec in zip(current, wanted, strict=False):
        capacity = (
            max(spec.capacity, occurrence.confirmed_count) if spec.capacity else occurrence.capacity
        )
        moved = (spec.starts_at, spec.ends_at, capacity)
        if (occurrence.starts_at, occurrence.ends_at, occurrence.capacity) != moved:
            occurrence.starts_at, occurrence.ends_at, occurrence.capacity = moved
            occurrence.save(update_fields=["starts_at", "ends_at", "capacity"])
            changed = True
    for spec in wanted[len(current) :]:
        Occurrence.objects.create(
            event=event, starts_at=spec.starts_at, ends_at=spec.ends_at, capacity=spec.capacity
        )
        changed = True
    for occurrence in current[len(wanted) :]:
        if not Registration.objects.filter(occurrence=occurrence).exists():
            occurrence.delete()
            changed = True
    return changed
