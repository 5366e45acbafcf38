"""What the desk looks up besides readers: a copy's circulation, the copies in
transit, the libraries a member of staff works the desk of."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.catalog.models import Item
from wenlan.circulation.enums import ACTIVE_HOLD_STATUSES, HoldStatus
from wenlan.circulation.models import Hold, Loan, Transit
from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.network.models import Library


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


def transit_get(*, actor, transit_id: int) -> Transit:
    """A copy in transit, for its slip: to staff of the sending or the receiving library."""
    transit = (
        Transit.objects.select_related("item__record", "from_library", "to_library", "hold__reader")
        .filter(pk=transit_id)
        .first()
    )
    if transit is None:
        raise NotFoundError()
    scope = library_scope(actor, Perm.CIRCULATION_DESK)
    if scope is not None and not {transit.from_library_id, transit.to_library_id} & scope:
        raise PermissionDeniedError()
    return transit


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
