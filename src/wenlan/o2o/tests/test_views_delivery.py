import pytest
from django.urls import reverse

from wenlan.catalog.models import Item
from wenlan.circulation.models import Loan
from wenlan.o2o.models import DeliveryFeeEntry, DeliveryOrder, Parcel
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _order_through_pages(client, y, *barcodes, **form):
    client.force_login(y.reader.user)
    for barcode in barcodes:
        item = Item.objects.get(barcode=barcode)
        client.post(reverse("o2o:delivery_basket_add"), {"item": item.pk})
    data = {"destination": "home", "zone": y.zone.pk, "address": "解放路 1 号",
            "phone": "13800000000"} | form  # fmt: skip
    return client.post(reverse("o2o:delivery_new"), data)


def test_the_reader_reaches_delivery_from_the_record_and_the_account(client, yuejie):
    client.force_login(yuejie.reader.user)
    record_page = client.get(reverse("catalog:record", args=[yuejie.records[0].pk]))
    assert reverse("o2o:delivery_copies", args=[yuejie.records[0].pk]) in record_page.text
    assert reverse("o2o:my_deliveries") in client.get(reverse("patrons:me")).text
    copies = client.get(reverse("o2o:delivery_copies", args=[yuejie.records[0].pk]))
    assert copies.status_code == 200
    assert copies.text.count('class="primary">加入配送清单') == 3  # HZ0001, HZ0002, SC0001


def test_the_reader_orders_and_follows_the_order(client, yuejie):
    response = _order_through_pages(client, yuejie, "HZ0001", "SC0002")
    order = DeliveryOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("o2o:my_delivery", args=[order.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.text.count("已下单") >= 2
    assert "取消订单" in page.text
    listing = client.get(reverse("o2o:my_deliveries"))
    assert f"订单 {order.pk}" in listing.text
    assert "待结算配送费 5.00 元" in listing.text
    client.post(reverse("o2o:delivery_cancel", args=[order.pk]))
    assert set(Parcel.objects.values_list("status", flat=True)) == {"cancelled"}


def test_a_refused_order_says_why_and_keeps_nothing(client, yuejie):
    response = _order_through_pages(client, yuejie, "HZ0001", address="")
    assert response.status_code == 422
    assert "请选择配送区域并填写收件地址和电话，或选择一个取书点。" in response.text
    assert not DeliveryOrder.objects.exists()
    assert Item.objects.get(barcode="HZ0001").status == "available"


def test_another_readers_order_is_not_found(client, yuejie):
    _order_through_pages(client, yuejie, "HZ0001")
    order = DeliveryOrder.objects.get()
    client.force_login(ReaderFactory(home_library=yuejie.central).user)
    assert client.get(reverse("o2o:my_delivery", args=[order.pk])).status_code == 404
    client.post(reverse("o2o:delivery_cancel", args=[order.pk]))
    assert Parcel.objects.get().status == "placed"


def test_staff_pick_pack_dispatch_and_deliver_on_the_pages(
    client, yuejie, django_assert_max_num_queries
):
    _order_through_pages(client, yuejie, "HZ0001", "HZ0003")
    parcel = Parcel.objects.get()
    client.force_login(yuejie.librarian)
    with django_assert_max_num_queries(20):
        queue = client.get(reverse("o2o:delivery_queue") + "?library=HZ")
    assert queue.status_code == 200 and f"#{parcel.order_id}-{parcel.pk}" in queue.text
    with django_assert_max_num_queries(12):
        picks = client.get(reverse("o2o:pick_list") + "?library=HZ")
    assert "HZ0001" in picks.text and "HZ0003" in picks.text
    for barcode in ("HZ0001", "HZ0003"):
        client.post(reverse("o2o:parcel_pick", args=[parcel.pk]), {"barcode": barcode})
    client.post(
        reverse("o2o:parcel_pack", args=[parcel.pk]),
        {"courier": "顺丰", "tracking_number": "SF123"},
    )
    client.post(reverse("o2o:parcel_dispatch", args=[parcel.pk]))
    client.post(reverse("o2o:parcel_deliver", args=[parcel.pk]))
    assert Parcel.objects.get().status == "delivered"
    assert Loan.objects.filter(channel="delivery").count() == 2
    page = client.get(reverse("o2o:parcel_detail", args=[parcel.pk]))
    assert "已送达" in page.text


def test_a_wrong_scan_is_refused_on_the_page(client, yuejie):
    _order_through_pages(client, yuejie, "HZ0001")
    parcel = Parcel.objects.get()
    client.force_login(yuejie.librarian)
    response = client.post(reverse("o2o:parcel_pick", args=[parcel.pk]), {"barcode": "HZ0003"})
    assert response.status_code == 409
    assert "该单册不在这个包裹的拣书单上" in response.text
    assert Parcel.objects.get().status == "placed"


def test_staff_of_another_library_cannot_see_the_parcel(client, yuejie):
    _order_through_pages(client, yuejie, "HZ0001")
    parcel = Parcel.objects.get()
    client.force_login(yuejie.branch_librarian)
    assert client.get(reverse("o2o:parcel_detail", args=[parcel.pk])).status_code == 403


def test_the_pickup_point_hands_a_locker_parcel_over_with_the_code(client, yuejie):
    from wenlan.o2o.services.delivery import delivery_line_pick
    from wenlan.o2o.services.delivery_parcels import (
        parcel_dispatch,
        parcel_locker_store,
        parcel_pack,
    )

    _order_through_pages(client, yuejie, "HZ0001", destination="pickup_point",
                         pickup_point=yuejie.locker.pk)  # fmt: skip
    parcel = Parcel.objects.get()
    delivery_line_pick(actor=yuejie.librarian, parcel_id=parcel.pk, barcode="HZ0001")
    parcel_pack(actor=yuejie.librarian, parcel_id=parcel.pk, courier="顺丰", tracking_number="S1")
    parcel_dispatch(actor=yuejie.librarian, parcel_id=parcel.pk)
    code = parcel_locker_store(
        actor=yuejie.librarian, parcel_id=parcel.pk, compartment=3
    ).pickup_code
    page = client.get(reverse("o2o:my_delivery", args=[parcel.order_id]))
    assert f'<span class="code">{code}</span>' in page.text
    client.force_login(yuejie.librarian)
    url = reverse("o2o:locker_collect", args=[yuejie.locker.pk])
    wrong = client.post(url, {"code": "000000" if code != "000000" else "111111"}, follow=True)
    assert "取件码不正确，或包裹不在此取书柜。" in wrong.text
    assert not Loan.objects.exists()
    client.post(url, {"code": code})
    assert Loan.objects.get().channel == "delivery"


def test_the_readers_list_reads_a_fixed_number_of_queries(
    client, yuejie, django_assert_num_queries
):
    for barcode in ("HZ0001", "SC0002", "HZ0003"):
        _order_through_pages(client, yuejie, barcode)
    with django_assert_num_queries(7):
        client.get(reverse("o2o:my_deliveries"))


def test_the_cashier_settles_the_delivery_fees(client, yuejie):
    _order_through_pages(client, yuejie, "HZ0001")  # 5.00 to Shangcheng
    client.force_login(yuejie.librarian)
    page = client.get(reverse("o2o:delivery_fees") + "?library=HZ&card=R00000001")
    assert "合计 5.00 元" in page.text
    client.post(reverse("o2o:delivery_fees_settle", args=[yuejie.reader.pk]) + "?library=HZ")
    assert not DeliveryFeeEntry.objects.filter(settled_at__isnull=True).exists()
    page = client.get(reverse("o2o:delivery_fees") + "?library=HZ&card=R00000001")
    assert "没有待结算的配送费。" in page.text


def test_every_step_view_on_the_parcel_page(client, yuejie):
    _order_through_pages(client, yuejie, "HZ0001", "HZ0003")
    parcel = Parcel.objects.get()
    client.force_login(yuejie.librarian)
    line = parcel.lines.get(item__barcode="HZ0003")
    client.post(reverse("o2o:line_missing", args=[line.pk]))
    assert parcel.lines.get(pk=line.pk).status == "cancelled"  # no other copy anywhere
    client.post(reverse("o2o:parcel_pick", args=[parcel.pk]), {"barcode": "HZ0001"})
    client.post(
        reverse("o2o:parcel_pack", args=[parcel.pk]), {"courier": "顺丰", "tracking_number": "T1"}
    )
    client.post(reverse("o2o:parcel_dispatch", args=[parcel.pk]))
    client.post(reverse("o2o:parcel_courier", args=[parcel.pk]), {"status": "in_transit"})
    assert Parcel.objects.get().courier_seen_at is not None
    bad = client.post(reverse("o2o:parcel_fail", args=[parcel.pk]), {"reason": ""})
    assert bad.status_code == 422
    client.post(reverse("o2o:parcel_fail", args=[parcel.pk]), {"reason": "无人签收"})
    page = client.get(reverse("o2o:parcel_detail", args=[parcel.pk]))
    assert "无人签收" in page.text and "投递失败，已退回" in page.text
    steps = list(Parcel.objects.get().steps.values_list("status", "note"))
    assert steps[-2:] == [("dispatched", "in_transit"), ("failed", "无人签收")]
    assert "运输中" in page.text
    assert client.get(reverse("o2o:delivery_queue") + "?library=HZ").status_code == 200
    assert client.get(reverse("o2o:pick_list") + "?library=HZ").status_code == 200
