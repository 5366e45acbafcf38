import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import Item
from wenlan.circulation.errors import ItemUnavailableError
from wenlan.circulation.models import CirculationLogEntry, Loan
from wenlan.circulation.services.loans import loan_checkout
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.notices.messages import notice_text
from wenlan.notices.models import Notice
from wenlan.o2o.enums import Destination, LineStatus
from wenlan.o2o.errors import (
    CopyNotOnShelfError,
    CopyTakenError,
    DeliveryAddressError,
    DeliveryTooManyError,
    ParcelNotReadyError,
    ParcelStepError,
    PickupCodeError,
)
from wenlan.o2o.models import DeliveryFeeEntry, DeliveryLine, DeliveryOrder, Parcel
from wenlan.o2o.services.delivery import (
    OrderAsk,
    delivery_line_missing,
    delivery_line_pick,
    delivery_order_cancel,
    delivery_order_place,
)
from wenlan.o2o.services.delivery_parcels import (
    parcel_deliver,
    parcel_dispatch,
    parcel_fail,
    parcel_locker_collect,
    parcel_locker_store,
    parcel_pack,
    parcel_return_receive,
    parcel_return_request,
    parcel_return_uncollected,
)

pytestmark = pytest.mark.django_db


def _status(barcode: str) -> str:
    return Item.objects.get(barcode=barcode).status


def _home(y, *barcodes) -> DeliveryOrder:
    ids = list(Item.objects.filter(barcode__in=barcodes).values_list("pk", flat=True))
    return delivery_order_place(
        actor=y.reader.user,
        ask=OrderAsk(
            item_ids=tuple(ids),
            destination=Destination.HOME,
            zone_id=y.zone.pk,
            address="杭州市上城区解放路 1 号",
            phone="13800000000",
        ),
    )


def _to_point(y, point, *barcodes) -> DeliveryOrder:
    ids = list(Item.objects.filter(barcode__in=barcodes).values_list("pk", flat=True))
    return delivery_order_place(
        actor=y.reader.user,
        ask=OrderAsk(
            item_ids=tuple(ids), destination=Destination.PICKUP_POINT, pickup_point_id=point.pk
        ),
    )


def _packed(y, parcel, *barcodes, tracking="SF1001"):
    for barcode in barcodes:
        delivery_line_pick(actor=y.librarian, parcel_id=parcel.pk, barcode=barcode)
    return parcel_pack(
        actor=y.librarian, parcel_id=parcel.pk, courier="顺丰", tracking_number=tracking
    )


def test_an_order_is_split_by_library_keeps_its_copies_and_charges_the_zone_fee(yuejie):
    order = _home(yuejie, "HZ0001", "SC0002")
    parcels = list(order.parcels.order_by("library_id"))
    assert [(p.library.code, p.status) for p in parcels] == [("HZ", "placed"), ("SC", "placed")]
    assert (_status("HZ0001"), _status("SC0002")) == ("ordered", "ordered")
    assert order.fee == Decimal("5.00")
    assert list(DeliveryFeeEntry.objects.values_list("amount", "note")) == [
        (Decimal("5.00"), "配送费")
    ]
    # The desk cannot lend a copy kept for an order, and says why.
    with pytest.raises(ItemUnavailableError) as refused:
        loan_checkout(
            actor=yuejie.librarian, library_id=yuejie.central.pk, barcode="HZ0001",
            card_number="R00000001",
        )  # fmt: skip
    assert str(refused.value) == "该单册当前状态为“悦借订单保留”，不能借出。"


def test_three_copies_are_delivered_free_and_a_pickup_point_is_free(yuejie):
    assert _home(yuejie, "HZ0001", "HZ0003", "SC0002").fee == Decimal("0.00")
    assert _to_point(yuejie, yuejie.counter, "SC0001").fee == Decimal("0.00")
    assert not DeliveryFeeEntry.objects.exists()


def test_refusals_keep_nothing(yuejie):
    Item.objects.filter(barcode="HZ0003").update(status=ItemStatus.ON_LOAN)
    with pytest.raises(CopyNotOnShelfError) as refused:
        _home(yuejie, "HZ0001", "HZ0003")
    assert str(refused.value) == "《三体》（HZ0003）当前状态为“借出”，不能配送。"
    with pytest.raises(DeliveryAddressError):
        delivery_order_place(
            actor=yuejie.reader.user,
            ask=OrderAsk(item_ids=(yuejie.items[0].pk,), destination=Destination.HOME),
        )
    yuejie.reader.category = "child"
    yuejie.reader.save()
    many = Item.objects.exclude(barcode="HZ0003").values_list("pk", flat=True)
    with pytest.raises(DeliveryTooManyError) as too_many:
        delivery_order_place(
            actor=yuejie.reader.user,
            ask=OrderAsk(item_ids=tuple(many), destination=Destination.PICKUP_POINT,
                         pickup_point_id=yuejie.counter.pk),
        )  # fmt: skip
    assert str(too_many.value) == "每个订单最多 3 册。"
    assert not DeliveryOrder.objects.exists()
    assert _status("HZ0001") == "available"


def test_home_delivery_from_pick_to_loan(yuejie):
    order = _home(yuejie, "HZ0001", "HZ0003")
    parcel = order.parcels.get()
    delivery_line_pick(actor=yuejie.librarian, parcel_id=parcel.pk, barcode="HZ0001")
    with pytest.raises(ParcelNotReadyError):
        parcel_pack(
            actor=yuejie.librarian, parcel_id=parcel.pk, courier="顺丰", tracking_number="SF1"
        )
    delivery_line_pick(actor=yuejie.librarian, parcel_id=parcel.pk, barcode="HZ0003")
    parcel_pack(actor=yuejie.librarian, parcel_id=parcel.pk, courier="顺丰", tracking_number="SF1")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    with pytest.raises(ParcelStepError):
        delivery_order_cancel(actor=yuejie.reader.user, order_id=order.pk)
    parcel_deliver(actor=yuejie.librarian, parcel_id=parcel.pk)
    loans = list(Loan.objects.order_by("item__barcode"))
    assert [(ln.item.barcode, ln.channel, ln.due_on, ln.library_id) for ln in loans] == [
        ("HZ0001", "delivery", dt.date(2026, 12, 25), yuejie.central.pk),
        ("HZ0003", "delivery", dt.date(2026, 12, 25), yuejie.central.pk),
    ]
    assert (_status("HZ0001"), _status("HZ0003")) == ("on_loan", "on_loan")
    assert list(
        CirculationLogEntry.objects.filter(kind="checkout").values_list("channel", flat=True)
    ) == ["delivery", "delivery"]
    steps = list(Parcel.objects.get().steps.values_list("status", flat=True))
    assert steps == ["placed", "picking", "packed", "dispatched", "delivered"]


def test_another_copy_on_the_same_shelf_takes_the_listed_ones_place(yuejie):
    order = _home(yuejie, "HZ0001")
    parcel = order.parcels.get()
    result = delivery_line_pick(actor=yuejie.librarian, parcel_id=parcel.pk, barcode="HZ0002")
    assert result.substituted
    assert (_status("HZ0001"), _status("HZ0002")) == ("available", "ordered")
    other = _to_point(yuejie, yuejie.counter, "HZ0001")
    # HZ0002 is this order's now: scanning it for the other order is refused.
    with pytest.raises(CopyTakenError):
        delivery_line_pick(
            actor=yuejie.librarian, parcel_id=other.parcels.get().pk, barcode="HZ0002"
        )


def test_staff_of_another_library_cannot_pick(yuejie):
    parcel = _home(yuejie, "HZ0001").parcels.get()
    with pytest.raises(PermissionDeniedError):
        delivery_line_pick(actor=yuejie.branch_librarian, parcel_id=parcel.pk, barcode="HZ0001")
    assert DeliveryLine.objects.get().status == "ordered"


def test_a_missing_copy_is_offered_to_another_library_then_cancelled(yuejie):
    Item.objects.filter(barcode="HZ0002").update(status=ItemStatus.ON_LOAN)
    order = _home(yuejie, "HZ0001", "HZ0003")
    line = DeliveryLine.objects.get(item__barcode="HZ0001")
    result = delivery_line_missing(actor=yuejie.librarian, line_id=line.pk)
    assert result.line.status == LineStatus.MOVED
    assert result.line.reason_display == "本馆架上未找到，改由其他馆配送"
    assert result.moved_to.item.barcode == "SC0001"
    assert (_status("HZ0001"), _status("SC0001")) == ("missing", "ordered")
    # At the branch it is missing as well: nowhere else has one, so it is cancelled.
    result = delivery_line_missing(actor=yuejie.branch_librarian, line_id=result.moved_to.pk)
    assert result.line.status == LineStatus.CANCELLED
    assert result.line.reason_display == "架上未找到，其他馆也没有在架副本，已取消"
    statuses = dict(order.parcels.values_list("library__code", "status"))
    assert statuses == {"HZ": "placed", "SC": "cancelled"}


def test_the_reader_cancels_before_dispatch(yuejie):
    order = _home(yuejie, "HZ0001", "SC0002")
    delivery_line_pick(actor=yuejie.librarian, parcel_id=order.parcels.get(library__code="HZ").pk,
                       barcode="HZ0001")  # fmt: skip
    delivery_order_cancel(actor=yuejie.reader.user, order_id=order.pk)
    assert (_status("HZ0001"), _status("SC0002")) == ("available", "available")
    assert set(order.parcels.values_list("status", flat=True)) == {"cancelled"}
    assert sum(DeliveryFeeEntry.objects.values_list("amount", flat=True)) == Decimal("0.00")


def test_a_locker_gives_a_code_and_the_loans_start_at_collection(yuejie):
    order = _to_point(yuejie, yuejie.locker, "HZ0001")
    parcel = order.parcels.get()
    _packed(yuejie, parcel, "HZ0001")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    with pytest.raises(ParcelStepError):
        parcel_deliver(actor=yuejie.librarian, parcel_id=parcel.pk)
    stored = parcel_locker_store(actor=yuejie.librarian, parcel_id=parcel.pk, compartment=2)
    assert stored.status == "at_locker" and len(stored.pickup_code) == 6
    assert stored.collect_by == clock.now() + dt.timedelta(days=3)
    notice = Notice.objects.get(reader=yuejie.reader)
    assert (notice.kind, notice.params["code"], notice.params["compartment"]) == (
        "delivery_at_locker",
        stored.pickup_code,
        2,
    )
    assert notice_text(kind=notice.kind, params=notice.params, reader_name="王芳").body == (
        f"王芳，您好！您的悦借图书已存入武林门取书柜的 2 号格口，取件码 {stored.pickup_code}，"
        "请于 2026-11-28 10:00 前取件；借期从取件时开始。"
    )
    with pytest.raises(PickupCodeError):
        parcel_locker_collect(actor=yuejie.librarian, pickup_point_id=yuejie.locker.pk, code="x")
    assert not Loan.objects.exists()
    parcel_locker_collect(
        actor=yuejie.librarian, pickup_point_id=yuejie.locker.pk, code=stored.pickup_code
    )
    assert Loan.objects.get().channel == "delivery"


def test_a_parcel_not_collected_goes_back_after_its_deadline(yuejie):
    parcel = _to_point(yuejie, yuejie.locker, "HZ0001").parcels.get()
    _packed(yuejie, parcel, "HZ0001")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    parcel_locker_store(actor=yuejie.librarian, parcel_id=parcel.pk, compartment=1)
    with pytest.raises(ParcelStepError.__mro__[1]):
        parcel_return_uncollected(actor=yuejie.librarian, parcel_id=parcel.pk)
    with clock.freeze(clock.now() + dt.timedelta(days=4)):
        parcel_return_uncollected(actor=yuejie.librarian, parcel_id=parcel.pk)
    assert Parcel.objects.get().status == "uncollected"
    assert _status("HZ0001") == "available"
    assert not Loan.objects.exists()


def test_a_failed_delivery_puts_the_copies_back(yuejie):
    parcel = _home(yuejie, "HZ0001").parcels.get()
    _packed(yuejie, parcel, "HZ0001")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    parcel_fail(actor=yuejie.librarian, parcel_id=parcel.pk, reason="电话无人接听")
    parcel = Parcel.objects.get()
    assert (parcel.status, parcel.reason) == ("failed", "电话无人接听")
    assert _status("HZ0001") == "available"
    notice = Notice.objects.get(reader=yuejie.reader, kind="delivery_returned")
    assert notice_text(kind=notice.kind, params=notice.params, reader_name="王芳").body == (
        f"王芳，您好！您的悦借订单 {parcel.order_id} 中杭州图书馆发出的包裹未能送到您手中"
        "（电话无人接听），图书已放回书架，可以重新下单。"
    )


def test_return_by_courier_ends_the_loans(yuejie):
    parcel = _home(yuejie, "HZ0001", "HZ0003").parcels.get()
    _packed(yuejie, parcel, "HZ0001", "HZ0003")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    parcel_deliver(actor=yuejie.librarian, parcel_id=parcel.pk)
    parcel_return_request(actor=yuejie.reader.user, parcel_id=parcel.pk)
    result = parcel_return_receive(actor=yuejie.librarian, parcel_id=parcel.pk)
    assert result.parcel.status == "returned"
    assert Loan.objects.filter(returned_at__isnull=True).count() == 0
    assert list(
        CirculationLogEntry.objects.filter(kind="checkin").values_list("channel", flat=True)
    ) == ["delivery", "delivery"]
    assert (_status("HZ0001"), _status("HZ0003")) == ("available", "available")


def test_courier_status_file(yuejie, tmp_path):
    delivered = _home(yuejie, "HZ0001").parcels.get()
    _packed(yuejie, delivered, "HZ0001", tracking="SF1")
    failed = _to_point(yuejie, yuejie.counter, "HZ0003").parcels.get()
    _packed(yuejie, failed, "HZ0003", tracking="SF2")
    csv_file = tmp_path / "sf.csv"
    csv_file.write_text(
        "tracking_number,status,time\n"
        "SF1,picked_up,2026-11-25T11:00:00+08:00\n"
        "SF2,picked_up,2026-11-25T11:00:00\n"
        "SF1,delivered,2026-11-25T15:00:00+08:00\n"
        "SF1,delivered,2026-11-25T15:00:00+08:00\n"
        "SF2,failed,2026-11-25T16:00:00+08:00\n"
        "SF9,delivered,2026-11-25T16:00:00+08:00\n"
        "SF2,lost,yesterday\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("o2o", "import-courier-status", str(csv_file), stdout=out, stderr=err)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary == {
        "rows": 7,
        "changed": 4,
        "unchanged": 1,
        "unknown_tracking_numbers": ["SF9"],
        "bad_rows": 2,
    }
    assert err.getvalue().splitlines() == ["row 7: 未知快递单号 SF9", "row 8: 未知状态“lost”"]
    assert dict(Parcel.objects.values_list("tracking_number", "status")) == {
        "SF1": "delivered",
        "SF2": "failed",
    }
    assert Loan.objects.get().item.barcode == "HZ0001"


def test_a_copy_kept_for_an_order_scanned_at_a_returns_desk_stays_kept(yuejie):
    from wenlan.circulation.services.loans import loan_checkin

    _home(yuejie, "HZ0001")
    with pytest.raises(ItemUnavailableError) as refused:
        loan_checkin(actor=yuejie.librarian, library_id=yuejie.central.pk, barcode="HZ0001")
    assert str(refused.value) == "该单册为悦借订单保留，请交给悦借配送台。"
    assert _status("HZ0001") == "ordered"


def test_a_delivered_copy_can_be_returned_at_any_library(yuejie):
    from wenlan.circulation.services.loans import loan_checkin

    parcel = _home(yuejie, "HZ0001").parcels.get()
    _packed(yuejie, parcel, "HZ0001")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    parcel_deliver(actor=yuejie.librarian, parcel_id=parcel.pk)
    result = loan_checkin(actor=yuejie.branch_librarian, library_id=yuejie.branch.pk,
                          barcode="HZ0001")  # fmt: skip
    assert result.loan.return_library_id == yuejie.branch.pk
    assert (result.outcome, _status("HZ0001")) == ("transit", "in_transit")
