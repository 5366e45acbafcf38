"""Holds: a reader's with their places in the queue, a title's queue, where to pick
up, and the pull list of the holds a library fills from its shelves."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus
from wenlan.circulation.models import Hold
from wenlan.circulation.policies import distance_km
from wenlan.network.models import Library
from wenlan.network.selectors import library_statuses
from wenlan.patrons.models import Reader


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


def hold_get_for_reader(*, reader_id: int, hold_id: int) -> Hold | None:
    """One of the reader's active holds, with its place in the queue."""
    return hold_list_for_reader(reader_id=reader_id).filter(pk=hold_id).first()


def hold_queue(*, record_id: int) -> QuerySet[Hold]:
    return (
        Hold.objects.filter(record_id=record_id, status__in=ACTIVE_HOLD_STATUSES)
        .select_related("reader", "pickup_library")
        .order_by("pk")
    )


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


@dataclass
class PullLine:
    """A hold on a library's pull list, with the copies on its shelves to fetch."""

    hold: Hold
    copies: list[Item]

    @property
    def sort_key(self) -> tuple:
        first = self.copies[0] if self.copies else None
        return (
            first is None,
            first.shelf_location if first else "",
            first.call_number if first else "",
            self.hold.pk,
        )


def pull_list(*, actor, library_id: int) -> list[PullLine]:
    """The holds this library should fill from its shelves, by shelf location and
    call number (the order a person walks the stacks), oldest hold first within."""
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    if scope is not None and library_id not in scope:
        return []
    holds = list(
        Hold.objects.filter(status=HoldStatus.WAITING, pull_library_id=library_id)
        .select_related("record", "pickup_library", "reader")
        .order_by("pk")
    )
    copies: dict[int, list[Item]] = {}
    on_shelf = (
        Item.objects.filter(
            record_id__in={hold.record_id for hold in holds}, status=ItemStatus.AVAILABLE
        )
        .filter(Q(location_id=library_id) | Q(location__isnull=True, library_id=library_id))
        .order_by("shelf_location", "call_number", "barcode")
    )
    for item in on_shelf:
        copies.setdefault(item.record_id, []).append(item)
    return sorted(
        (PullLine(hold=hold, copies=copies.get(hold.record_id, [])) for hold in holds),
        key=lambda line: line.sort_key,
    )
