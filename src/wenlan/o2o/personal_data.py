"""A reader's 悦读 loans and 悦借 orders (core/personal_data.py). The loans themselves are
circulation's (exported there, and erasure waits for every copy to be back); the
settlement lines stay with the blanked reader row, because the library paid the
store for each and the statements must still add up. A 悦借 order keeps its rows
without the address and phone; an order still on its way, or a delivery fee not
settled, stands in the way of erasure."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.o2o.enums import PARCEL_OPEN, HandOnStatus
from wenlan.o2o.models import (
    BookstoreLoan,
    BookstoreSettlement,
    DeliveryFeeEntry,
    DeliveryOrder,
    HandOnOffer,
    Parcel,
    PurchaseSuggestion,
    StoreOrder,
)


def yuedu_export(reader_id: int) -> list[dict]:
    lines = (
        BookstoreLoan.objects.filter(reader_id=reader_id)
        .select_related("bookstore__library", "loan")
        .order_by("created_at", "pk")
    )
    return [
        {
            "store": line.bookstore.library.code,
            "isbn": line.isbn,
            "title": line.title,
            "price": str(line.price),
            "loaned_at": iso(line.created_at),
            "returned_at": iso(line.loan.returned_at),
        }
        for line in lines
    ]


def settlements_accepted_export(reader_id: int) -> list[dict]:
    """Statements the reader's account accepted as staff or as a store's clerk
    (normally none). Erasure deletes the account; the acceptance keeps its time."""
    accepted = BookstoreSettlement.objects.filter(
        Q(library_accepted_by__reader__pk=reader_id) | Q(store_accepted_by__reader__pk=reader_id)
    ).order_by("period", "pk")
    return [
        {"store_id": s.bookstore_id, "period": iso(s.period), "total": str(s.total)}
        for s in accepted
    ]


SECTIONS = (
    PersonalDataSection(name="yuedu", models=("o2o.BookstoreLoan",), export=yuedu_export),
    PersonalDataSection(
        name="yuedu_settlements_accepted",
        models=("o2o.BookstoreSettlement",),
        export=settlements_accepted_export,
    ),
)


def _handon_out(offer: HandOnOffer, *, given: bool) -> dict:
    return {
        "title": offer.record.title,
        "barcode": offer.item.barcode,
        "status": offer.status,
        "to_a_named_reader": offer.named,
        "offered_at": iso(offer.created_at),
        "expires_at": iso(offer.expires_at),
        "closed_at": iso(offer.closed_at),
        "code": offer.code if given else None,
    }


def handon_export(reader_id: int) -> dict:
    """The reader's part of each hand-on: what they offered, and what they took or
    were offered by name; never who the other reader was."""
    offers = (
        HandOnOffer.objects.filter(Q(giver_id=reader_id) | Q(receiver_id=reader_id))
        .select_related("record", "item")
        .order_by("created_at", "pk")
    )
    return {
        "given": [_handon_out(o, given=True) for o in offers if o.giver_id == reader_id],
        "received": [_handon_out(o, given=False) for o in offers if o.giver_id != reader_id],
    }


def handon_erase(reader_id: int) -> None:
    """Offers that moved no loan go (and with them a code naming the reader); an
    accepted one stays with the blanked reader row, like the two loans it joins."""
    HandOnOffer.objects.filter(Q(giver_id=reader_id) | Q(receiver_id=reader_id)).exclude(
        status=HandOnStatus.ACCEPTED
    ).delete()


SECTIONS += (
    PersonalDataSection(
        name="handon", models=("o2o.HandOnOffer",), export=handon_export, erase=handon_erase
    ),
)


def suggestions_export(reader_id: int) -> list[dict]:
    rows = PurchaseSuggestion.objects.filter(reader_id=reader_id).order_by("created_at", "pk")
    return [
        {
            "isbn": s.isbn,
            "title": s.title,
            "author": s.author,
            "publisher": s.publisher,
            "note": s.note,
            "status": s.status,
            "decline_reason": s.decline_reason,
            "suggested_at": iso(s.created_at),
            "decided_at": iso(s.decided_at),
            "received_at": iso(s.received_at),
        }
        for s in rows
    ]


def suggestions_erase(reader_id: int) -> None:
    """The reader's suggestions go; a book already ordered or received stays on the
    order list and in the catalog without them."""
    PurchaseSuggestion.objects.filter(reader_id=reader_id).delete()


def suggestions_decided_export(reader_id: int) -> list[dict]:
    """Suggestions the account decided as acquisitions staff (normally none)."""
    rows = PurchaseSuggestion.objects.filter(decided_by__reader__pk=reader_id).order_by("pk")
    return [{"id": s.pk, "status": s.status, "decided_at": iso(s.decided_at)} for s in rows]


SECTIONS += (
    PersonalDataSection(
        name="purchase_suggestions",
        models=("o2o.PurchaseSuggestion",),
        export=suggestions_export,
        erase=suggestions_erase,
    ),
    PersonalDataSection(
        name="purchase_suggestions_decided",
        models=("o2o.PurchaseSuggestion",),
        export=suggestions_decided_export,
    ),
)


def store_orders_export(reader_id: int) -> list[dict]:
    rows = (
        StoreOrder.objects.filter(reader_id=reader_id)
        .select_related("bookstore__library")
        .order_by("created_at", "pk")
    )
    return [
        {
            "store": o.bookstore.library.code,
            "title": o.title,
            "price": str(o.price),
            "status": o.status,
            "ordered_at": iso(o.created_at),
            "ready_at": iso(o.ready_at),
            "closed_at": iso(o.closed_at),
        }
        for o in rows
    ]


def store_orders_blockers(reader_id: int) -> list[str]:
    open_orders = StoreOrder.objects.filter(
        reader_id=reader_id, status__in=["placed", "ready"]
    ).order_by("pk")
    return [
        _("请先取书或取消在%(store)s订购的《%(title)s》。")
        % {"store": o.bookstore.library.name, "title": o.title}
        for o in open_orders.select_related("bookstore__library")
    ]


def store_orders_erase(reader_id: int) -> None:
    StoreOrder.objects.filter(reader_id=reader_id).delete()


def deliveries_export(reader_id: int) -> list[dict]:
    orders = (
        DeliveryOrder.objects.filter(reader_id=reader_id)
        .select_related("zone", "pickup_point__library")
        .prefetch_related("parcels__library", "parcels__lines__record", "parcels__steps")
        .order_by("placed_at", "pk")
    )
    return [
        {
            "placed_at": iso(order.placed_at),
            "destination": order.destination,
            "zone": order.zone.name_zh if order.zone else None,
            "address": order.address,
            "phone": order.phone,
            "pickup_point": order.pickup_point.library.code if order.pickup_point else None,
            "fee": str(order.fee),
            "parcels": [
                {
                    "library": parcel.library.code,
                    "status": parcel.status,
                    "titles": [line.record.title for line in parcel.lines.all()],
                    "steps": [
                        {"status": step.status, "at": iso(step.at)} for step in parcel.steps.all()
                    ],
                }
                for parcel in order.parcels.all()
            ],
        }
        for order in orders
    ]


def delivery_fees_export(reader_id: int) -> list[dict]:
    return [
        {
            "amount": str(entry.amount),
            "note": entry.note,
            "created_at": iso(entry.created_at),
            "settled_at": iso(entry.settled_at),
        }
        for entry in DeliveryFeeEntry.objects.filter(reader_id=reader_id).order_by(
            "created_at", "pk"
        )
    ]


def deliveries_erase(reader_id: int) -> None:
    """The address and phone go; the orders stay (their parcels and loans are counted)."""
    DeliveryOrder.objects.filter(reader_id=reader_id).update(address="", phone="")


def deliveries_blockers(reader_id: int) -> list[str]:
    open_orders = (
        Parcel.objects.filter(order__reader_id=reader_id, status__in=PARCEL_OPEN)
        .values_list("order_id", flat=True)
        .distinct()
    )
    return [_("悦借订单 %(n)s 尚未完成") % {"n": order_id} for order_id in sorted(open_orders)]


def delivery_fees_blockers(reader_id: int) -> list[str]:
    owed = sum(
        DeliveryFeeEntry.objects.filter(reader_id=reader_id, settled_at__isnull=True).values_list(
            "amount", flat=True
        ),
        Decimal("0.00"),
    )
    return [_("待结算配送费 %(amount)s 元") % {"amount": owed}] if owed > 0 else []


SECTIONS += (
    PersonalDataSection(
        name="bookstore_orders",
        models=("o2o.StoreOrder",),
        export=store_orders_export,
        erase=store_orders_erase,
        blockers=store_orders_blockers,
    ),
    PersonalDataSection(
        name="deliveries",
        models=("o2o.DeliveryOrder",),
        export=deliveries_export,
        erase=deliveries_erase,
        blockers=deliveries_blockers,
    ),
    PersonalDataSection(
        name="delivery_fees",
        models=("o2o.DeliveryFeeEntry",),
        export=delivery_fees_export,
        blockers=delivery_fees_blockers,
    ),
)
