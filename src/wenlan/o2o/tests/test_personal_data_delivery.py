import pytest

from wenlan.catalog.models import Item
from wenlan.o2o.enums import Destination
from wenlan.o2o.models import DeliveryOrder
from wenlan.o2o.personal_data import (
    deliveries_blockers,
    deliveries_erase,
    deliveries_export,
    delivery_fees_blockers,
    delivery_fees_export,
)
from wenlan.o2o.services.delivery import (
    OrderAsk,
    delivery_fees_settle,
    delivery_order_cancel,
    delivery_order_place,
)

pytestmark = pytest.mark.django_db


def test_an_order_is_exported_stands_in_the_way_and_loses_its_address(yuejie):
    item = Item.objects.get(barcode="HZ0001")
    order = delivery_order_place(
        actor=yuejie.reader.user,
        ask=OrderAsk(item_ids=(item.pk,), destination=Destination.HOME, zone_id=yuejie.zone.pk,
                     address="解放路 1 号", phone="13800000000"),
    )  # fmt: skip
    rid = yuejie.reader.pk
    exported = deliveries_export(rid)
    assert (exported[0]["address"], exported[0]["fee"]) == ("解放路 1 号", "5.00")
    assert exported[0]["parcels"][0]["titles"] == ["红楼梦"]
    assert deliveries_blockers(rid) == [f"悦借订单 {order.pk} 尚未完成"]
    assert delivery_fees_blockers(rid) == ["待结算配送费 5.00 元"]
    delivery_order_cancel(actor=yuejie.reader.user, order_id=order.pk)
    assert deliveries_blockers(rid) == [] and delivery_fees_blockers(rid) == []
    assert [e["amount"] for e in delivery_fees_export(rid)] == ["5.00", "-5.00"]
    delivery_fees_settle(actor=yuejie.librarian, library_id=yuejie.central.pk, reader_id=rid)
    deliveries_erase(rid)
    assert DeliveryOrder.objects.values_list("address", "phone").get() == ("", "")
