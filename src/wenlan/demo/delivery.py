"""The demo's 悦借: two pickup points (the community counter on Wensan Road and a
locker with twelve compartments at Wulinmen), three delivery zones (free, a flat
fee, free from three books), and one order in each state the service knows:
placed, picking, packed, dispatched, delivered and on loan, at the locker with its
pickup code, failed, not collected and sent back, cancelled, and returned by
courier. Every step goes through the services, as staff and readers would take
it; the copies come off the central library's shelves. Idempotent: a reader of
the demo with an order is passed over, so a second run only reports who to sign in as."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.errors import LoanLimitError, ReaderBlockedError
from wenlan.core import clock
from wenlan.network.models import Library
from wenlan.o2o.enums import Destination
from wenlan.o2o.models import DeliveryOrder, DeliveryZone, Parcel, PickupPoint
from wenlan.o2o.services.delivery import (
    OrderAsk,
    delivery_line_pick,
    delivery_order_cancel,
    delivery_order_place,
)
from wenlan.o2o.services.delivery_parcels import (
    parcel_deliver,
    parcel_dispatch,
    parcel_fail,
    parcel_locker_store,
    parcel_pack,
    parcel_return_receive,
    parcel_return_request,
    parcel_return_uncollected,
)
from wenlan.patrons.models import Reader

STAFF = "librarian-hz"  # the central library's delivery desk (and its locker)

# name (zh, en), fee, free from (books)
ZONES = [
    ("上城区", "Shangcheng District", Decimal("0.00"), None),
    ("拱墅区", "Gongshu District", Decimal("5.00"), None),
    ("西湖区", "Xihu District", Decimal("6.00"), 3),
]

# reader card, destination (zone name or pickup point code), copies, the last step
ORDERS = [
    ("HZ00000001", "上城区", 2, "delivered"),
    ("HZ00000002", "LOCKER-WLM", 1, "at_locker"),
    ("HZ00000003", "PICKUP-WLS", 1, "placed"),
    ("HZ00000012", "拱墅区", 2, "picking"),
    ("HZ00000006", "西湖区", 3, "packed"),
    ("HZ00000007", "西湖区", 1, "dispatched"),
    ("HZ00000008", "拱墅区", 1, "failed"),
    ("HZ00000009", "LOCKER-WLM", 1, "uncollected"),
    ("HZ00000010", "拱墅区", 1, "cancelled"),
    ("HZ00000011", "上城区", 1, "returned"),
]
STEPS = ["placed", "picking", "packed", "dispatched"]


def _points() -> dict[str, PickupPoint]:
    points = {}
    for code, compartments in (("PICKUP-WLS", 0), ("LOCKER-WLM", 12)):
        library = Library.objects.get(code=code)
        points[code], _created = PickupPoint.objects.get_or_create(
            library=library, defaults={"compartments": compartments, "hold_days": 3}
        )
    return points


def _zones() -> dict[str, DeliveryZone]:
    zones = {}
    for name_zh, name_en, fee, free_from in ZONES:
        zones[name_zh], _created = DeliveryZone.objects.get_or_create(
            name_zh=name_zh,
            defaults={"name_en": name_en, "fee": fee, "free_from_books": free_from},
        )
    return zones


def _shelf_copies(count: int) -> list[Item]:
    """Copies on the central library's shelves, one per title, from the catalog's end."""
    hz = Library.objects.get(code="HZ")
    seen, copies = set(), []
    for item in Item.objects.filter(location=hz, status=ItemStatus.AVAILABLE).order_by("-pk"):
        if item.record_id not in seen:
            seen.add(item.record_id)
            copies.append(item)
        if len(copies) == count:
            break
    return copies


def _place(reader: Reader, destination: str, copies, zones, points) -> DeliveryOrder:
    ids = tuple(item.pk for item in copies)
    if destination in points:
        ask = OrderAsk(
            item_ids=ids, destination=Destination.PICKUP_POINT,
            pickup_point_id=points[destination].pk,
        )  # fmt: skip
    else:
        ask = OrderAsk(
            item_ids=ids, destination=Destination.HOME, zone_id=zones[destination].pk,
            address=f"{destination}示范路 {reader.pk} 号", phone=reader.phone or "13800570000",
        )  # fmt: skip
    return delivery_order_place(actor=reader.user, ask=ask)


class _Ticks:
    """Each step of a parcel at its own time, 40 minutes after the one before."""

    def __init__(self, start: dt.datetime):
        self.at = start

    def __call__(self):
        self.at += dt.timedelta(minutes=40)
        return clock.freeze(self.at)


def _place_for_someone(candidates, destination, copies, zones, points) -> DeliveryOrder | None:
    """The order for the first reader the rules let order (on some days of the
    year a demo reader has an overdue loan, and so is blocked)."""
    for reader in candidates:
        try:
            return _place(reader, destination, copies, zones, points)
        except (ReaderBlockedError, LoanLimitError):
            continue
    return None


def _walk(order: DeliveryOrder, copies, last: str, staff, number: int, tick: _Ticks) -> None:
    """The parcel's steps up to `last`."""
    parcel = Parcel.objects.get(order=order)
    reader = order.reader
    if last == "cancelled":
        with tick():
            delivery_order_cancel(actor=reader.user, order_id=order.pk, reason="不需要了")
        return
    if last == "placed":
        return
    with tick():
        delivery_line_pick(actor=staff, parcel_id=parcel.pk, barcode=copies[0].barcode)
    if last == "picking":
        return
    for item in copies[1:]:
        with tick():
            delivery_line_pick(actor=staff, parcel_id=parcel.pk, barcode=item.barcode)
    with tick():
        parcel_pack(
            actor=staff, parcel_id=parcel.pk, courier="顺丰速运",
            tracking_number=f"SF{clock.today():%y%m%d}{number:04d}",
        )  # fmt: skip
    if last == "packed":
        return
    with tick():
        parcel_dispatch(actor=staff, parcel_id=parcel.pk)
    if last == "dispatched":
        return
    if last == "failed":
        with tick():
            parcel_fail(actor=staff, parcel_id=parcel.pk, reason="收件人电话无人接听，已退回")
    elif last in ("at_locker", "uncollected"):
        with tick():
            parcel_locker_store(actor=staff, parcel_id=parcel.pk, compartment=number)
    else:
        with tick():
            parcel_deliver(actor=staff, parcel_id=parcel.pk)
    if last == "returned":
        with tick():
            parcel_return_request(actor=reader.user, parcel_id=parcel.pk)
        with tick():
            parcel_return_receive(actor=staff, parcel_id=parcel.pk)


def delivery_demo_load(*, password_for) -> dict:
    points, zones = _points(), _zones()
    staff = get_user_model().objects.get(username=STAFF)
    credentials = {
        "deliveries": {
            "reader": "HZ00000001",
            "staff": {"username": STAFF, "password": password_for(STAFF)},
            "locker": "LOCKER-WLM",
        }
    }
    readers = {
        r.card_number: r for r in Reader.objects.filter(card_number__in=[o[0] for o in ORDERS])
    }
    done = set(
        DeliveryOrder.objects.filter(reader__in=readers.values()).values_list(
            "reader__card_number", flat=True
        )
    )
    missing_orders = [(n, order) for n, order in enumerate(ORDERS, start=1) if order[0] not in done]
    if DeliveryOrder.objects.count() >= len(ORDERS):  # some went to a spare reader
        missing_orders = []
    copies = _shelf_copies(sum(order[2] for _n, order in missing_orders))
    if len(copies) < sum(order[2] for _n, order in missing_orders):
        return credentials  # a catalog too small for the demo's orders
    now = clock.now()
    spares = list(Reader.objects.filter(card_number__startswith="HZ0000").order_by("pk"))
    for number, (card, destination, count, last) in missing_orders:
        mine, copies = copies[:count], copies[count:]
        # The older steps happened earlier: the uncollected parcel waited past its
        # deadline, the late ones a day and more.
        back = dt.timedelta(days=5) if last == "uncollected" else dt.timedelta(hours=30 - number)
        with clock.freeze(now - back):
            order = _place_for_someone([readers[card], *spares], destination, mine, zones, points)
        if order is None:
            continue
        _walk(order, mine, last, staff, number, _Ticks(now - back))
        if last == "uncollected":
            parcel_return_uncollected(actor=SYSTEM, parcel_id=order.parcels.get().pk)
    return credentials
