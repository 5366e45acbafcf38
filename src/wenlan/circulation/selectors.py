"""Reads for the desk, the reader pages, the API and SIP2."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus
from wenlan.circulation.models import (
    Block,
    Fine,
    Hold,
    Loan,
    Policy,
    ReadingHistoryEntry,
    Transit,
)
from wenlan.circulation.policies import BlockReason, distance_km
from wenlan.circulation.services.common import reader_blocks, rules_load
from wenlan.core import clock
from wenlan.network.models import Library
from wenlan.network.selectors import library_statuses
from wenlan.patrons.models import Reader


def loan_list_for_reader(*, reader_id: int) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True)
        .select_related("item", "record", "library")
        .order_by("due_on", "pk")
    )


def _queue_position() -> Subquery:
    ahead = (
        Hold.objects.filter(
            record_id=OuterRef("record_id"), status=HoldStatus.WAITING, pk__lt=OuterRef("pk")
        )
        .order_by()
        .values("record_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1


def hold_list_for_reader(*, reader_id: int) -> QuerySet[Hold]:
    """Active holds, each with `position` (its place among those still waiting)."""
    return (
        Hold.objects.filter(reader_id=reader_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("record", "pickup_library", "item")
        .annotate(position=_queue_position())
        .order_by("pk")
    )


def hold_queue(*, record_id: int) -> QuerySet[Hold]:
    return (
        Hold.objects.filter(record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("reader", "pickup_library")
        .order_by("pk")
    )


@dataclass
class ReaderSummary:
    reader: Reader
    loans: list[Loan]
    holds: list[Hold]
    blocks: list[BlockReason]
    stored_blocks: list[Block]
    fines: list[Fine]
    fines_owed: Decimal
    today: dt.date = field(default_factory=clock.today)

    @property
    def overdue(self) -> list[Loan]:
        return [loan for loan in self.loans if loan.due_on < self.today]

    @property
    def holds_ready(self) -> list[Hold]:
        return [hold for hold in self.holds if hold.status == HoldStatus.READY]


def reader_summary(*, reader: Reader) -> ReaderSummary:
    today = clock.today()
    fines = list(Fine.objects.filter(reader_id=reader.pk, settled_at__isnull=True))
    return ReaderSummary(
        reader=reader,
        loans=list(loan_list_for_reader(reader_id=reader.pk)),
        holds=list(hold_list_for_reader(reader_id=reader.pk)),
        blocks=reader_blocks(reader=reader, rules=rules_load(), today=today),
        stored_blocks=list(
            Block.objects.filter(reader_id=reader.pk, cleared_at__isnull=True).filter(
                Q(until__isnull=True) | Q(until__gte=today)
            )
        ),
        fines=fines,
        fines_owed=sum((f.amount for f in fines), Decimal("0.00")),
        today=today,
    )


def reader_get_by_card(*, card_number: str) -> Reader | None:
    return (
        Reader.objects.select_related("home_library")
        .exclude(status="erased")
        .filter(card_number=card_number.strip())
        .first()
    )


@dataclass
class ItemCirculation:
    item: Item
    loan: Loan | None
    hold_queue_length: int
    ready_hold: Hold | None
    transit: Transit | None


def item_circulation(*, barcode: str) -> ItemCirculation | None:
    item = (
        Item.objects.select_related("record", "library", "location")
        .filter(barcode=barcode.strip())
        .first()
    )
    if item is None:
        return None
    holds = list(
        Hold.objects.filter(
            record_id=item.record_id, status__in=ACTIVE_HOLD_STATUSES
        ).select_related("reader", "pickup_library")
    )
    return ItemCirculation(
        item=item,
        loan=Loan.objects.select_related("reader")
        .filter(item=item, returned_at__isnull=True)
        .first(),
        hold_queue_length=sum(1 for h in holds if h.status == HoldStatus.WAITING),
        ready_hold=next(
            (h for h in holds if h.item_id == item.pk and h.status == HoldStatus.READY), None
        ),
        transit=Transit.objects.select_related("to_library")
        .filter(item=item, received_at__isnull=True)
        .first(),
    )


def transit_list(*, actor, library_id: int, incoming: bool = True) -> QuerySet[Transit]:
    """Copies on their way to (or from) a library, oldest first."""
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    transits = Transit.objects.filter(received_at__isnull=True).select_related(
        "item__record", "from_library", "to_library", "hold__reader"
    )
    if scope is not None and library_id not in scope:
        return transits.none()
    side = "to_library_id" if incoming else "from_library_id"
    return transits.filter(**{side: library_id}).order_by("sent_at", "pk")


def transit_counts(*, library_ids: list[int]) -> dict[int, int]:
    rows = (
        Transit.objects.filter(received_at__isnull=True, to_library_id__in=library_ids)
        .values("to_library_id")
        .annotate(n=Count("pk"))
    )
    return {row["to_library_id"]: row["n"] for row in rows}


def desk_libraries(*, actor) -> list[Library]:
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    libraries = Library.objects.filter(is_active=True).order_by("code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries)


@dataclass
class PickupChoice:
    library: Library
    open_now: bool
    distance_km: float | None


def pickup_choices(
    *, reader: Reader, latitude: float | None = None, longitude: float | None = None
) -> list[PickupChoice]:
    """The reader's own library first; with a point given, the rest nearest first
    (open libraries before closed ones at the same distance)."""
    choices = []
    for status in library_statuses():
        lib = status.library
        dist = None
        if latitude is not None and longitude is not None and lib.latitude is not None:
            dist = distance_km(latitude, longitude, float(lib.latitude), float(lib.longitude))
        choices.append(PickupChoice(library=lib, open_now=status.open_now, distance_km=dist))

    def order(choice: PickupChoice):
        home = choice.library.pk == reader.home_library_id
        if latitude is None:
            return (not home, choice.library.code)
        return (
            not home,
            choice.distance_km if choice.distance_km is not None else float("inf"),
            not choice.open_now,
        )

    return sorted(choices, key=order)


def nearest_open_library(
    *, latitude: float, longitude: float, choices: list[PickupChoice]
) -> PickupChoice | None:
    open_ones = [c for c in choices if c.open_now and c.distance_km is not None]
    return min(open_ones, key=lambda c: c.distance_km, default=None)


def reading_history(*, reader_id: int) -> QuerySet[ReadingHistoryEntry]:
    return ReadingHistoryEntry.objects.filter(reader_id=reader_id).select_related("record")


def policy_table() -> QuerySet[Policy]:
    return Policy.objects.select_related("library").order_by(
        Coalesce("library_id", 0), "reader_category", "item_type"
    )


def fines_owed(*, reader_id: int) -> Decimal:
    return Fine.objects.filter(reader_id=reader_id, settled_at__isnull=True).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0.00")
