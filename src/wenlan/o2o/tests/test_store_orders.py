"""悦购 at a partner bookstore: the clerk's listing, a reader's order, its steps."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.o2o.errors import (
    ListingUnavailableError,
    StoreOrderDuplicateError,
    StoreOrderStateError,
)
from wenlan.o2o.models import StoreListing, StoreOrder
from wenlan.o2o.services.store_orders import (
    ListingIn,
    store_listing_save,
    store_order_cancel_own,
    store_order_place,
    store_order_step,
)
from wenlan.o2o.tests.conftest import NEW_ISBN

pytestmark = pytest.mark.django_db


def _list(yuedu, **changes):
    values = {"isbn": NEW_ISBN, "title": "三体", "price": Decimal("23.00")} | changes
    return store_listing_save(
        actor=yuedu.clerk, store_id=yuedu.store.library_id, listing=ListingIn(**values)
    )


def test_the_clerk_lists_and_updates_a_title(yuedu):
    first = _list(yuedu)
    again = _list(yuedu, price=Decimal("20.00"), stock="few_left")
    assert first.pk == again.pk
    assert (again.price, again.stock, StoreListing.objects.count()) == (
        Decimal("20.00"),
        "few_left",
        1,
    )
    with pytest.raises(ValidationError):
        _list(yuedu, isbn="123")
    with pytest.raises(PermissionDeniedError):
        store_listing_save(
            actor=yuedu.other_clerk, store_id=yuedu.store.library_id,
            listing=ListingIn(isbn=NEW_ISBN, title="x", price=Decimal("1.00")),
        )  # fmt: skip


def test_a_reader_orders_and_the_clerk_readies_and_hands_it_over(yuedu):
    listing = _list(yuedu)
    order = store_order_place(actor=yuedu.reader.user, listing_id=listing.pk)
    assert (order.status, order.price, order.bookstore_id) == (
        "placed",
        Decimal("23.00"),
        yuedu.store.pk,
    )
    with pytest.raises(StoreOrderDuplicateError):
        store_order_place(actor=yuedu.reader.user, listing_id=listing.pk)
    with pytest.raises(PermissionDeniedError):
        store_order_step(actor=yuedu.other_clerk, order_id=order.pk, to="ready")
    with pytest.raises(StoreOrderStateError):
        store_order_step(actor=yuedu.clerk, order_id=order.pk, to="collected")
    store_order_step(actor=yuedu.clerk, order_id=order.pk, to="ready")
    with pytest.raises(StoreOrderStateError):
        store_order_cancel_own(actor=yuedu.reader.user, order_id=order.pk)
    done = store_order_step(actor=yuedu.clerk, order_id=order.pk, to="collected")
    assert done.status == "collected" and done.ready_at is not None and done.closed_at is not None


def test_sold_out_cannot_be_ordered_and_a_reader_cancels_their_own(yuedu):
    listing = _list(yuedu, stock="sold_out")
    with pytest.raises(ListingUnavailableError):
        store_order_place(actor=yuedu.reader.user, listing_id=listing.pk)
    listing = _list(yuedu, stock="in_stock")
    order = store_order_place(actor=yuedu.reader.user, listing_id=listing.pk)
    with pytest.raises(NotFoundError):
        store_order_cancel_own(actor=yuedu.clerk, order_id=order.pk)
    store_order_cancel_own(actor=yuedu.reader.user, order_id=order.pk)
    assert StoreOrder.objects.get().status == "cancelled"


def test_pages(client, yuedu):
    listing = _list(yuedu)
    client.force_login(yuedu.reader.user)
    html = client.get(reverse("o2o:my_store_orders")).content.decode()
    assert "三体" in html and "晓风书屋" in html
    client.post(reverse("o2o:my_store_order_place", args=[listing.pk]))
    html = client.get(reverse("o2o:my_store_orders")).content.decode()
    assert "已订购《三体》" in html and "已下单" in html
    order = StoreOrder.objects.get()
    client.force_login(yuedu.clerk)
    html = client.get(reverse("o2o:store_orders")).content.decode()
    assert "三体" in html and "已备好" in html
    client.post(reverse("o2o:store_order_ready", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == "ready"
    response = client.post(
        reverse("o2o:store_listing_save"),
        {"isbn": "9787020002207", "title": "红楼梦", "price": "59.70", "stock": "to_order"},
    )
    assert response["Location"] == reverse("o2o:store_orders")
    assert StoreListing.objects.count() == 2


def _api(client, method, path, body=None):
    return client.generic(
        method, f"/api/o2o{path}", json.dumps(body or {}), content_type="application/json"
    )


def test_api_suggest_list_and_order(client, yuedu, django_assert_max_num_queries):
    listing = _list(yuedu)
    client.force_login(yuedu.reader.user)
    made = _api(client, "POST", "/me/suggestions", {"isbn": "9787532776771", "title": "新书"})
    assert (made.status_code, made.json()["status"], made.json()["isbn"]) == (
        201, "new", "9787532776771",
    )  # fmt: skip
    held = _api(client, "POST", "/me/suggestions", {"isbn": "bad"})
    assert (held.status_code, held.json()["code"]) == (422, "invalid")
    assert [s["title"] for s in _api(client, "GET", "/me/suggestions").json()] == ["新书"]
    with django_assert_max_num_queries(6):
        listed = _api(client, "GET", "/bookstore-listings").json()
    assert [(row["store"], row["title"], row["price"]) for row in listed] == [
        ("BS1", "三体", "23.00"),
    ]  # fmt: skip
    ordered = _api(client, "POST", "/me/bookstore-orders", {"listing_id": listing.pk})
    assert (ordered.status_code, ordered.json()["status"], ordered.json()["store"]) == (
        201, "placed", "BS1",
    )  # fmt: skip
    again = _api(client, "POST", "/me/bookstore-orders", {"listing_id": listing.pk})
    assert (again.status_code, again.json()["code"]) == (409, "store_order_duplicate")
    assert len(_api(client, "GET", "/me/bookstore-orders").json()) == 1
