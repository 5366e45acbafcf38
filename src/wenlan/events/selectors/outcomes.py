"""Registrations with their final outcome, for the analytics export: only those of
occurrences that ended, so whether a reader came is known and no longer changes."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Registration


@dataclass(frozen=True)
class RegistrationOutcome:
    id: int
    occurrence_id: int
    event_id: int
    # The library the occurrence took place in (its venue's), else the organising
    # library's; None for a partner's event at an outside venue.
    library_id: int | None
    reader_id: int
    reader_allows_analytics: bool
    status: str
    registered_at: dt.datetime
    checked_in_at: dt.datetime | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    occurrence_cancelled: bool

    @property
    def attended(self) -> bool:
        return self.status == RegistrationStatus.ATTENDED or self.checked_in_at is not None

    @property
    def no_show(self) -> bool:
        # A confirmed place at an occurrence that ended without a check-in is a
        # no-show even before `events-mark-no-shows` has run.
        return (
            not self.attended
            and not self.occurrence_cancelled
            and (self.status in (RegistrationStatus.NO_SHOW, RegistrationStatus.CONFIRMED))
        )


_FIELDS = (
    "id",
    "occurrence_id",
    "occurrence__event_id",
    "occurrence__event__venue__library_id",
    "occurrence__event__organiser_library_id",
    "reader_id",
    "reader__allow_analytics",
    "status",
    "created_at",
    "checked_in_at",
    "occurrence__starts_at",
    "occurrence__ends_at",
    "occurrence__is_cancelled",
)


def registration_outcomes_ended(
    *, ended_after: dt.datetime | None, ended_before: dt.datetime, batch_size: int
) -> Iterator[list[RegistrationOutcome]]:
    """Registrations of occurrences that ended after `ended_after` (exclusive; None:
    from the beginning) and at or before `ended_before`, in id order, in lists."""
    window = Q(occurrence__ends_at__lte=ended_before)
    if ended_after is not None:
        window &= Q(occurrence__ends_at__gt=ended_after)
    last_id = 0
    while True:
        rows = list(
            Registration.objects.filter(window, pk__gt=last_id)
            .order_by("pk")
            .values_list(*_FIELDS)[:batch_size]
        )
        if not rows:
            return
        batch = []
        for values in rows:
            (pk, occurrence_id, event_id, venue_library, organiser_library, *rest) = values
            library_id = venue_library if venue_library is not None else organiser_library
            batch.append(RegistrationOutcome(pk, occurrence_id, event_id, library_id, *rest))
        yield batch
        last_id = batch[-1].id
