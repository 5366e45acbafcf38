"""Reads of 悦读: the reader a till scanned, a store's rules, what the rules count,
a store's loans and its monthly statement."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.core import rawsql
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.network.selectors import library_by_code
from wenlan.o2o.errors import StoreRequiredError
from wenlan.o2o.models import Bookstore, BookstoreLoan, BookstoreRule, BookstoreSettlement
from wenlan.o2o.permissions import can_manage, can_till, store_scope
from wenlan.o2o.policies import YueduRule, rule_words
from wenlan.patrons.models import Reader


def reader_for_scan(*, scanned: str) -> Reader | None:
    """The one place a till turns what the clerk scanned, a card number or an
    e-card's content (`patrons.selectors.card_number_resolve`), into a reader."""
    return reader_get_by_card(card_number=scanned)


def rule_from_row(row: BookstoreRule | None) -> YueduRule:
    if row is None:
        return YueduRule()
    return YueduRule(
        monthly_limit=row.monthly_limit,
        max_age_years=row.max_age_years,
        price_cap=row.price_cap,
        max_network_copies=row.max_network_copies,
        excluded_clc=rule_words(row.excluded_clc),
        excluded_keywords=rule_words(row.excluded_keywords),
        budget_per_month=row.budget_per_month,
    )


def yuedu_rule_for(*, bookstore_id: int) -> YueduRule:
    """The store's own rule row, else the network's, else the defaults."""
    rows = {
        row.bookstore_id: row
        for row in BookstoreRule.objects.filter(
            Q(bookstore_id=bookstore_id) | Q(bookstore__isnull=True)
        )
    }
    return rule_from_row(rows.get(bookstore_id) or rows.get(None))


@dataclass(frozen=True)
class TillCounts:
    """What a till step's rules count, read after it holds the reader's and the
    store's locks: the reader's 悦读 loans this month, the store's spending this
    month, and the line of a double scan (the same reader, ISBN and day), if any."""

    reader_loans_this_month: int
    store_spent_this_month: Decimal
    same_day_line_id: int | None


def till_counts(
    *, reader_id: int, bookstore_id: int, isbn13: str, day: dt.date, period: dt.date
) -> TillCounts:
    """One hand-written statement (prepared on PostgreSQL) for the three reads: every
    till step makes them, and bench/o2o.py showed compiling three querysets cost
    more than running them. The same counts as `reader_loans_in_period`,
    `store_spent_in_period` and `bookstore_loan_same_day`."""
    table = BookstoreLoan._meta.db_table
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {table} WHERE reader_id = %s AND period = %s),"
        f" (SELECT SUM(price) FROM {table} WHERE bookstore_id = %s AND period = %s),"
        f" (SELECT id FROM {table} WHERE reader_id = %s AND isbn = %s AND day = %s)"
    )
    month, today = (connection.ops.adapt_datefield_value(d) for d in (period, day))
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [reader_id, month, bookstore_id, month, reader_id, isbn13, today])
        count, spent, line_id = cursor.fetchone()
    return TillCounts(
        reader_loans_this_month=count,
        store_spent_this_month=(
            rawsql.value(BookstoreLoan, "price", spent) if spent is not None else Decimal("0.00")
        ),
        same_day_line_id=line_id,
    )


def bookstore_loan_line(*, line_id: int) -> BookstoreLoan:
    return BookstoreLoan.objects.select_related("loan", "item", "bookstore__library").get(
        pk=line_id
    )


def reader_loans_in_period(*, reader_id: int, period: dt.date) -> int:
    return BookstoreLoan.objects.filter(reader_id=reader_id, period=period).count()


def store_spent_in_period(*, bookstore_id: int, period: dt.date) -> Decimal:
    total = BookstoreLoan.objects.filter(bookstore_id=bookstore_id, period=period).aggregate(
        total=Sum("price")
    )["total"]
    return total if total is not None else Decimal("0.00")


def bookstore_loan_same_day(*, reader_id: int, isbn13: str, day: dt.date) -> BookstoreLoan | None:
    """The loan a double scan repeats: the same reader, the same ISBN, the same day."""
    return (
        BookstoreLoan.objects.select_related("loan", "item", "bookstore__library")
        .filter(reader_id=reader_id, isbn=isbn13, day=day)
        .first()
    )


def bookstore_loan_for_copy(*, barcode: str) -> BookstoreLoan | None:
    """The 悦读 line of a copy still on loan."""
    return (
        BookstoreLoan.objects.select_related("loan", "item")
        .filter(item__barcode=barcode.strip(), loan__returned_at__isnull=True)
        .first()
    )


def bookstores_visible(*, actor) -> list[Bookstore]:
    """The stores whose 悦读 `actor` works or manages, with their libraries."""
    scope = store_scope(actor)
    stores = Bookstore.objects.select_related("library", "owner_library").order_by("library__code")
    if scope is not None:
        stores = stores.filter(library_id__in=scope)
    return list(stores)


def bookstore_get(*, actor, store_id: int) -> Bookstore:
    """A store `actor` may see, by its library id (`store_id` is always the store's
    library id in o2o; a `Bookstore` row's own id is `bookstore_id`)."""
    store = (
        Bookstore.objects.select_related("library", "owner_library")
        .filter(library_id=store_id)
        .first()
    )
    if store is None or not (
        can_till(actor, store_id=store_id) or can_manage(actor, store_id=store_id)
    ):
        raise NotFoundError()
    return store


def bookstore_for_library(*, library_id: int) -> Bookstore | None:
    return Bookstore.objects.filter(library_id=library_id).first()


def bookstore_loan_list(*, store: Bookstore, period: dt.date) -> QuerySet[BookstoreLoan]:
    """A store's 悦读 loans of one month, newest first, with the reader's card, the
    copy and whether it has come back."""
    return (
        BookstoreLoan.objects.filter(bookstore=store, period=period)
        .select_related("reader", "item", "loan", "clerk")
        .order_by("-created_at", "-pk")
    )


def bookstore_loan_get(*, actor, line_id: int) -> BookstoreLoan:
    if store_scope(actor) == set():
        raise PermissionDeniedError()
    line = (
        BookstoreLoan.objects.select_related("bookstore__library", "loan", "item", "reader")
        .filter(pk=line_id)
        .first()
    )
    if line is None:
        raise NotFoundError()
    bookstore_get(actor=actor, store_id=line.bookstore.library_id)
    return line


@dataclass
class Statement:
    """A store's monthly statement: its lines, their count and total, the budget
    and how much of it was used, and how each side accepted it."""

    store: Bookstore
    period: dt.date
    lines: list[BookstoreLoan]
    count: int
    total: Decimal
    budget: Decimal
    settlement: BookstoreSettlement | None

    @property
    def budget_used_percent(self) -> Decimal:
        if not self.budget:
            return Decimal("0.0")
        return (self.total * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


def statement_get(*, store: Bookstore, period: dt.date) -> Statement:
    lines = list(
        BookstoreLoan.objects.filter(bookstore=store, period=period)
        .select_related("reader", "item", "loan")
        .order_by("created_at", "pk")
    )
    return Statement(
        store=store,
        period=period,
        lines=lines,
        count=len(lines),
        total=sum((line.price for line in lines), Decimal("0.00")),
        budget=yuedu_rule_for(bookstore_id=store.pk).budget_per_month,
        settlement=BookstoreSettlement.objects.filter(bookstore=store, period=period)
        .select_related("library_accepted_by", "store_accepted_by")
        .first(),
    )


@dataclass(frozen=True)
class PeriodSummary:
    store: Bookstore
    period: dt.date
    count: int
    total: Decimal
    settlement: BookstoreSettlement | None

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


def statement_list(*, stores: list[Bookstore]) -> list[PeriodSummary]:
    """Every month in which the stores lent, newest first, in three queries."""
    by_id = {store.pk: store for store in stores}
    sums = (
        BookstoreLoan.objects.filter(bookstore_id__in=list(by_id))
        .values("bookstore_id", "period")
        .annotate(count=Count("pk"), total=Sum("price"))
        .order_by("-period", "bookstore_id")
    )
    settlements = {
        (s.bookstore_id, s.period): s
        for s in BookstoreSettlement.objects.filter(bookstore_id__in=list(by_id))
    }
    return [
        PeriodSummary(
            store=by_id[row["bookstore_id"]],
            period=row["period"],
            count=row["count"],
            total=row["total"],
            settlement=settlements.get((row["bookstore_id"], row["period"])),
        )
        for row in sums
    ]


def partner_bookstores_not_enrolled(*, scope: set[int] | None) -> list[Library]:
    """Libraries of the kind partner bookstore in `scope` that do not take part yet."""
    libraries = Library.objects.filter(kind=LibraryKind.PARTNER_BOOKSTORE).exclude(
        pk__in=Bookstore.objects.values("library_id")
    )
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries.order_by("code"))


def till_store_id(*, actor, code: str, manage: bool = False) -> int:
    """The store a till or a list names by its library code, or, when the code is
    blank, the one store the clerk works at (with `manage`, or manages)."""
    if code:
        library = library_by_code(code=code.strip())
        if library is None:
            raise NotFoundError()
        return library.pk
    scope = library_scope(actor, Perm.O2O_TILL)
    if manage and not scope:
        scope = library_scope(actor, Perm.O2O_MANAGE)
    if scope == set():
        raise PermissionDeniedError()
    if scope is None:
        raise StoreRequiredError(field="store")
    if len(scope) == 1:  # a clerk's store (the till step refuses a library that is not one)
        return next(iter(scope))
    stores = list(
        Bookstore.objects.filter(library_id__in=scope).values_list("library_id", flat=True)[:2]
    )
    if len(stores) != 1:
        raise StoreRequiredError(field="store")
    return stores[0]


def rule_rows(*, bookstore_ids: list[int]) -> dict[int | None, BookstoreRule]:
    """The rule rows of these stores and the network's (key None), as staff edit them."""
    return {
        row.bookstore_id: row
        for row in BookstoreRule.objects.filter(
            Q(bookstore_id__in=bookstore_ids) | Q(bookstore__isnull=True)
        )
    }


def bookstore_managed(*, actor, bookstore_id: int) -> Bookstore | None:
    """A store whose rules and settlement `actor` manages, by its own id."""
    store = Bookstore.objects.select_related("library").filter(pk=bookstore_id).first()
    if store is None or not can_manage(actor, store_id=store.library_id):
        return None
    return store
