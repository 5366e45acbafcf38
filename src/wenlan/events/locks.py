"""Row locks, taken in primary-key order, and for a sign-up the reader's row
before the occurrence's; each inside the caller's transaction (`core.locks.row_lock`).
A lock that cannot be had in time becomes a retryable BusyError."""

from django.conf import settings
from django.db import connection

from wenlan.core import locks, rawsql
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Event, Occurrence, Registration
from wenlan.patrons.models import Reader


def lock_timeout():
    """Events' locks wait at most WENLAN_EVENT_LOCK_TIMEOUT_MS, then BusyError."""
    return locks.lock_timeout(ms=settings.WENLAN_EVENT_LOCK_TIMEOUT_MS)


@locks.row_lock
def occurrence_lock(*, occurrence_id: int) -> Occurrence | None:
    """The occurrence row, locked, with its event (not locked) alongside."""
    with lock_timeout():
        return (
            Occurrence.objects.select_related("event")
            .select_for_update(of=("self",))
            .filter(pk=occurrence_id)
            .first()
        )


@locks.row_lock
def reader_lock_of_user(*, user_id: int | None) -> int | None:
    """The id of the user's reader record, its row locked: a reader's sign-ups go
    one at a time, so "already registered?" and the per-reader limit are read
    race-free across the occurrences of an event. Call inside `lock_timeout()`."""
    if user_id is None:
        return None
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT id FROM {Reader._meta.db_table} WHERE user_id = %s{lock}"
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    return row[0] if row else None


# What a sign-up reads of the event, under the occurrence's lock.
SIGNUP_EVENT_FIELDS = (
    "id", "status", "registration_required", "registration_opens_at",
    "registration_closes_at", "max_occurrences_per_reader",
)  # fmt: skip


@locks.row_lock
def occurrence_for_signup(*, occurrence_id: int) -> Occurrence | None:
    """The occurrence with what a sign-up checks of its event, not locked (its seat
    is taken under its lock by `seat_take`), in one hand-written statement: the
    sign-up is the crowd's request (bench/registration.py), and compiling the join
    cost more than running it. Call inside `lock_timeout()`."""
    sql = (
        f"SELECT {rawsql.columns(Occurrence, 'o')},"
        f" {rawsql.columns(Event, 'e', SIGNUP_EVENT_FIELDS)}"
        f" FROM {Occurrence._meta.db_table} o JOIN {Event._meta.db_table} e ON e.id = o.event_id"
        " WHERE o.id = %s"
    )
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [occurrence_id])
        row = cursor.fetchone()
    if row is None:
        return None
    width = rawsql.width(Occurrence)
    occurrence = rawsql.instance(Occurrence, row[:width])
    event = rawsql.instance(Event, row[width:], SIGNUP_EVENT_FIELDS)
    Occurrence.event.field.set_cached_value(occurrence, event)
    return occurrence


@locks.row_lock
def seat_take(registration: Registration) -> bool:
    """Lock the occurrence, give the registration a seat if one is left
    (`Occurrence.seats_left`, the seat rule's one home), else a place on the
    waitlist, insert it and count it. False (nothing written) if the occurrence was
    cancelled or lost its capacity since it was read. Call inside `lock_timeout()`.

    On PostgreSQL all of it is one hand-written statement (bench/registration.py:
    2,000 readers for 300 seats): the occurrence's lock is then held for that
    statement and the commit, which waits for the disk (~3 ms here), and no round
    trip from Python falls inside it. Its `confirmed_count < capacity` is
    `seats_left > 0` said in SQL, on the row as it is once locked. SQLite has
    one writer at a time (BEGIN IMMEDIATE): the transaction is the lock, and the
    occurrence as read in it is current."""
    if connection.vendor == "postgresql":
        return _seat_take_in_one_statement(registration)
    occurrence = registration.occurrence
    if occurrence.is_cancelled or occurrence.capacity <= 0:
        return False
    confirmed = occurrence.seats_left > 0
    registration.status = (
        RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED
    )
    rawsql.insert(registration)
    if confirmed:
        occurrence.confirmed_count += 1
    else:
        occurrence.waitlist_count += 1
    occurrence_counts_save(occurrence)
    return True


def _seat_take_in_one_statement(registration: Registration) -> bool:
    occurrence = registration.occurrence
    table, occurrences = Registration._meta.db_table, Occurrence._meta.db_table
    fields = [f for f in Registration._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    confirmed, waitlisted = RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value
    values, params = [], []
    for field in fields:
        if field.name == "status":
            values.append(f"CASE WHEN c.seat THEN '{confirmed}' ELSE '{waitlisted}' END")
        elif field.name == "occurrence":
            values.append("c.id")
        else:
            values.append("%s")
            value = field.pre_save(registration, add=True)
            params.append(field.get_db_prep_save(value, connection))
    sql = (
        f"WITH locked AS (SELECT id, confirmed_count < capacity AS seat FROM {occurrences}"
        " WHERE id = %s AND NOT is_cancelled AND capacity > 0 FOR UPDATE),"
        f" counted AS (UPDATE {occurrences} o"
        " SET confirmed_count = o.confirmed_count + CASE WHEN l.seat THEN 1 ELSE 0 END,"
        " waitlist_count = o.waitlist_count + CASE WHEN l.seat THEN 0 ELSE 1 END"
        " FROM locked l WHERE o.id = l.id"
        " RETURNING o.id, l.seat, o.confirmed_count, o.waitlist_count),"
        f" inserted AS (INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)})"
        f" SELECT {', '.join(values)} FROM counted c RETURNING id, status)"
        " SELECT i.id, i.status, c.confirmed_count, c.waitlist_count"
        " FROM inserted i CROSS JOIN counted c"
    )
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [occurrence.pk, *params])
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk, registration.status = row[0], row[1]
    occurrence.confirmed_count, occurrence.waitlist_count = row[2], row[3]
    registration._state.adding = False
    registration._state.db = connection.alias
    return True


def occurrence_counts_save(occurrence: Occurrence) -> None:
    """The occurrence's seat counters, written under its lock."""
    with rawsql.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Occurrence._meta.db_table} SET confirmed_count = %s, waitlist_count = %s"
            " WHERE id = %s",
            [occurrence.confirmed_count, occurrence.waitlist_count, occurrence.pk],
        )


@locks.row_lock
def occurrences_lock(*, event_id: int) -> list[Occurrence]:
    with lock_timeout():
        return list(Occurrence.objects.filter(event_id=event_id).order_by("pk").select_for_update())


@locks.row_lock
def registration_lock(*, registration_id: int) -> Registration | None:
    with lock_timeout():
        return Registration.objects.select_for_update().filter(pk=registration_id).first()
