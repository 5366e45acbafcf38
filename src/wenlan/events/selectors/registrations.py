"""A reader's own registrations and tickets."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from wenlan.accounts.enums import Perm
from wenlan.core import rawsql
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.events.enums import ACTIVE_REGISTRATION_STATUSES, RegistrationStatus
from wenlan.events.models import Occurrence, Registration
from wenlan.events.permissions import can_on_event
from wenlan.events.policies import NoShowRule, no_show_blocked_until
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import reader_of


def no_show_rule() -> NoShowRule:
    return NoShowRule(
        threshold=settings.WENLAN_EVENT_NO_SHOW_THRESHOLD,
        window=dt.timedelta(days=settings.WENLAN_EVENT_NO_SHOW_WINDOW_DAYS),
        block=dt.timedelta(days=settings.WENLAN_EVENT_NO_SHOW_BLOCK_DAYS),
    )


def reader_blocked_until(*, reader_id: int, now: dt.datetime) -> dt.datetime | None:
    """Until when the reader's recent no-shows keep them from signing up (None: not)."""
    rule = no_show_rule()
    since = now - rule.window - rule.block
    times = Registration.objects.filter(
        reader_id=reader_id, status=RegistrationStatus.NO_SHOW, occurrence__starts_at__gte=since
    ).values_list("occurrence__starts_at", flat=True)
    return no_show_blocked_until(times, now=now, rule=rule)


# --- a reader's own registrations ---------------------------------------------------


def registration_list_own(*, actor) -> list[Registration]:
    reader = reader_of(actor)
    if reader is None:
        return []
    registrations = list(
        Registration.objects.filter(reader=reader)
        .select_related("occurrence__event__venue__library")
        .order_by("-occurrence__starts_at", "-pk")
    )
    attach_waitlist_positions(registrations)
    return registrations


@dataclass(frozen=True)
class EventStanding:
    """Where the actor stands with one event: their reader record (None without a
    card), their active places by occurrence id (a waitlisted one with its
    `waitlist_position`), and until when no-shows keep them from signing up."""

    reader: Reader | None
    mine: dict[int, Registration]
    blocked_until: dt.datetime | None


def event_standing(*, actor, event_id: int, now: dt.datetime) -> EventStanding:
    """One hand-written statement after the reader's: the reader's places in the
    event with their waitlist positions, and their recent no-shows. The event page
    asks this on every load."""
    reader = reader_of(actor)
    if reader is None:
        return EventStanding(None, {}, None)
    rule = no_show_rule()
    since = now - rule.window - rule.block
    registration_table, occurrence_table = Registration._meta.db_table, Occurrence._meta.db_table
    active = ", ".join(f"'{status}'" for status in ACTIVE_REGISTRATION_STATUSES)
    waitlisted, no_show = RegistrationStatus.WAITLISTED.value, RegistrationStatus.NO_SHOW.value
    sql = (
        f"SELECT {rawsql.columns(Registration, 'x')}, o.starts_at, o.event_id,"
        f" CASE WHEN x.status = '{waitlisted}' THEN (SELECT COUNT(*) FROM {registration_table} w"
        f" WHERE w.occurrence_id = x.occurrence_id AND w.status = '{waitlisted}' AND w.id <= x.id)"
        " END"
        f" FROM {registration_table} x JOIN {occurrence_table} o ON o.id = x.occurrence_id"
        f" WHERE x.reader_id = %s AND ((o.event_id = %s AND x.status IN ({active}))"
        f" OR (x.status = '{no_show}' AND o.starts_at >= %s))"
        " ORDER BY x.id"
    )
    params = [reader.pk, event_id, connection.ops.adapt_datetimefield_value(since)]
    with rawsql.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = rawsql.width(Registration)
    mine: dict[int, Registration] = {}
    no_shows = []
    for row in rows:
        registration = rawsql.instance(Registration, row[:width])
        starts_at, in_event, position = row[width:]
        starts_at = rawsql.value(Occurrence, "starts_at", starts_at)
        if registration.status == RegistrationStatus.NO_SHOW and starts_at >= since:
            no_shows.append(starts_at)
        if in_event == event_id and registration.status in ACTIVE_REGISTRATION_STATUSES:
            registration.waitlist_position = position
            mine[registration.occurrence_id] = registration
    return EventStanding(reader, mine, no_show_blocked_until(no_shows, now=now, rule=rule))


def attach_waitlist_positions(registrations: list[Registration]) -> None:
    """`waitlist_position` (1 = next in line) on each waitlisted registration."""
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    for registration in registrations:
        registration.waitlist_position = None
    if not waiting:
        return
    # A reader has one place per occurrence, so per occurrence: the waiting rows up to
    # this reader's, counted by the database (a waitlist may be thousands long).
    up_to_mine = Q()
    for registration in waiting:
        up_to_mine |= Q(occurrence_id=registration.occurrence_id, pk__lte=registration.pk)
    positions = dict(
        Registration.objects.filter(up_to_mine, status=RegistrationStatus.WAITLISTED)
        .order_by()
        .values("occurrence_id")
        .annotate(n=Count("pk"))
        .values_list("occurrence_id", "n")
    )
    for registration in waiting:
        registration.waitlist_position = positions[registration.occurrence_id]


def registration_get_own(*, actor, registration_id: int) -> Registration:
    """One of the actor's own registrations, for the page that asks before cancelling."""
    reader = reader_of(actor)
    registration = (
        Registration.objects.select_related("occurrence__event__venue__library")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    if reader is None or reader.pk != registration.reader_id:
        raise PermissionDeniedError()
    return registration


def ticket_get(*, actor, ticket_code: str) -> Registration:
    """A ticket for its reader, or for staff who check people in to that event."""
    registration = (
        Registration.objects.select_related("occurrence__event__venue__library", "reader")
        .filter(ticket_code=ticket_code)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    reader = reader_of(actor)
    if reader is not None and reader.pk == registration.reader_id:
        return registration
    if can_on_event(actor, Perm.EVENT_CHECKIN, registration.occurrence.event):
        return registration
    raise PermissionDeniedError()


def reader_places_for_signup(
    *, reader_id: int, occurrence_id: int, since: dt.datetime
) -> tuple[list[Registration], list[dt.datetime]]:
    """The reader's active places in the occurrence's event, and the start times of
    their no-shows since `since`, read by a sign-up after it holds the reader's
    lock. One hand-written statement, prepared on PostgreSQL: the sign-up is the
    crowd's request (bench/registration.py), and planning this read was most of
    its time (docs/benchmarks.md)."""
    registration_table, occurrence_table = Registration._meta.db_table, Occurrence._meta.db_table
    active = ", ".join(f"'{status}'" for status in ACTIVE_REGISTRATION_STATUSES)
    no_show = RegistrationStatus.NO_SHOW.value
    sql = (
        f"SELECT {rawsql.columns(Registration, 'x')}, o.starts_at,"
        f" o.event_id = (SELECT event_id FROM {occurrence_table} WHERE id = %s)"
        f" FROM {registration_table} x JOIN {occurrence_table} o ON o.id = x.occurrence_id"
        f" WHERE x.reader_id = %s AND ((x.status IN ({active}) AND o.event_id ="
        f" (SELECT event_id FROM {occurrence_table} WHERE id = %s))"
        f" OR (x.status = '{no_show}' AND o.starts_at >= %s))"
        " ORDER BY x.id"
    )
    params = [
        occurrence_id,
        reader_id,
        occurrence_id,
        connection.ops.adapt_datetimefield_value(since),
    ]
    with rawsql.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = rawsql.width(Registration)
    places, no_shows = [], []
    for row in rows:
        registration = rawsql.instance(Registration, row[:width])
        starts_at, in_event = rawsql.value(Occurrence, "starts_at", row[width]), row[width + 1]
        if in_event and registration.status in ACTIVE_REGISTRATION_STATUSES:
            places.append(registration)
        if registration.status == RegistrationStatus.NO_SHOW and starts_at >= since:
            no_shows.append(starts_at)
    return places, no_shows


def registration_ids_to_tell_of_cancellation(*, event_id: int) -> list[int]:
    """The event's cancelled registrations whose readers have not been told yet."""
    return list(
        Registration.objects.filter(
            occurrence__event_id=event_id,
            status=RegistrationStatus.CANCELLED,
            notified_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
