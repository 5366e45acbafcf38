"""Row locks, in the one order every circulation write takes them: item rows
(by primary key), then the reader, then the hold queue of a record (by primary
key). A lock not had in time becomes a retryable BusyError."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db import OperationalError, connection

from wenlan.catalog.models import Item, Record
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES
from wenlan.circulation.models import Block, Fine, Hold, Loan
from wenlan.core.errors import BusyError
from wenlan.network.models import Library
from wenlan.patrons.models import Reader


@contextlib.contextmanager
def lock_timeout() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL lock_timeout = %s", [f"{settings.WENLAN_CIRC_LOCK_TIMEOUT_MS}ms"]
            )
    try:
        yield
    except OperationalError as error:
        # PostgreSQL: lock_not_available (55P03); SQLite: "database is locked".
        if getattr(getattr(error, "__cause__", None), "sqlstate", None) == "55P03" or (
            "locked" in str(error)
        ):
            raise BusyError() from error
        raise


_ITEM_COLUMNS = (
    "id", "created_at", "updated_at", "record_id", "barcode", "library_id", "location_id",
    "shelf_location", "call_number", "item_type", "status", "price", "acquired_on", "due_on",
)  # fmt: skip


def item_lock_by_barcode(*, barcode: str) -> Item | None:
    """The item row locked, with its record's title and its owning library read in
    the same statement (not the record's MARC). Hand-written SQL like the reader's
    lock: every lend and return starts here."""
    item_table, record_table, library_table = (
        model._meta.db_table for model in (Item, Record, Library)
    )
    columns = ", ".join(f"i.{name}" for name in _ITEM_COLUMNS)
    lock = " FOR UPDATE OF i" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT {columns}, r.title, l.code, l.name_zh, l.name_en FROM {item_table} i"
        f" JOIN {record_table} r ON r.id = i.record_id"
        f" JOIN {library_table} l ON l.id = i.library_id"
        f" WHERE i.barcode = %s{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [barcode])
        row = cursor.fetchone()
    if row is None:
        return None
    item_values = list(row[: len(_ITEM_COLUMNS)])
    # As the ORM's compiler converts values (SQLite's decimals, dates and times).
    for index, name in enumerate(_ITEM_COLUMNS):
        column = Item._meta.get_field(name).cached_col
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            item_values[index] = convert(item_values[index], column, connection)
    item = Item.from_db(connection.alias, list(_ITEM_COLUMNS), item_values)
    title, code, name_zh, name_en = row[len(_ITEM_COLUMNS) :]
    item.record = Record.from_db(connection.alias, ["id", "title"], [item.record_id, title])
    item.library = Library.from_db(
        connection.alias,
        ["id", "code", "name_zh", "name_en"],
        [item.library_id, code, name_zh, name_en],
    )
    return item


def items_lock(*, item_ids: list[int]) -> list[Item]:
    return list(Item.objects.filter(pk__in=item_ids).order_by("pk").select_for_update())


def reader_lock(*, reader_id: int) -> Reader | None:
    return Reader.objects.select_for_update(of=("self",)).filter(pk=reader_id).first()


def _standing_sql(where: str) -> str:
    reader, loan, fine, block, hold = (
        model._meta.db_table for model in (Reader, Loan, Fine, Block, Hold)
    )
    active = ", ".join(f"'{status}'" for status in ACTIVE_HOLD_STATUSES)
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT r.*,"
        f" (SELECT COUNT(*) FROM {loan} l WHERE l.reader_id = r.id AND l.returned_at IS NULL)"
        f" AS open_loans_count,"
        f" (SELECT COUNT(*) FROM {loan} l WHERE l.reader_id = r.id AND l.returned_at IS NULL"
        f" AND l.due_on < %s) AS overdue_count,"
        f" (SELECT SUM(f.amount) FROM {fine} f WHERE f.reader_id = r.id"
        f" AND f.settled_at IS NULL) AS fines_owed,"
        f" EXISTS (SELECT 1 FROM {block} b WHERE b.reader_id = r.id AND b.cleared_at IS NULL)"
        f" AS has_open_blocks,"
        f" EXISTS (SELECT 1 FROM {hold} h WHERE h.reader_id = r.id AND h.status IN ({active}))"
        f" AS has_active_holds"
        f" FROM {reader} r WHERE {where} AND r.status <> 'erased'{lock}"
    )


def reader_lock_with_standing(
    *, today: dt.date, card_number: str | None = None, reader_id: int | None = None
) -> Reader | None:
    """The reader row locked, with what blocks and limits need read in the same
    statement: open and overdue loans, fines owed, whether a stored block or an
    active hold exists. Hand-written SQL: every lend passes here, and the ORM's
    compilation of five subqueries cost more than the statement itself."""
    if card_number is not None:
        where, key = "r.card_number = %s", card_number
    else:
        where, key = "r.id = %s", reader_id
    found = list(Reader.objects.raw(_standing_sql(where), [today.isoformat(), key]))
    if not found:
        return None
    reader = found[0]
    reader.fines_owed = Decimal(str(reader.fines_owed)) if reader.fines_owed is not None else None
    reader.has_open_blocks = bool(reader.has_open_blocks)
    reader.has_active_holds = bool(reader.has_active_holds)
    return reader


def open_loan_lock(*, item_id: int) -> Loan | None:
    return (
        Loan.objects.select_for_update().filter(item_id=item_id, returned_at__isnull=True).first()
    )


def hold_queue_lock(*, record_id: int) -> list[Hold]:
    """The record's active holds, locked, in queue order."""
    return list(
        Hold.objects.filter(record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("reader")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
