"""Reads of 悦购 at partner bookstores: the listings readers browse, a reader's
orders, and a store's listing and orders for its clerks."""

from django.db.models import QuerySet

from wenlan.o2o.enums import StockState, StoreOrderStatus
from wenlan.o2o.models import Bookstore, StoreListing, StoreOrder


def store_listings_public(*, limit: int = 300) -> list[StoreListing]:
    """What readers may order: every active store's titles not sold out."""
    return list(
        StoreListing.objects.filter(bookstore__is_active=True)
        .exclude(stock=StockState.SOLD_OUT)
        .select_related("bookstore__library")
        .order_by("bookstore__library__code", "title", "pk")[:limit]
    )


def store_order_list_for_reader(*, reader_id: int) -> QuerySet[StoreOrder]:
    return (
        StoreOrder.objects.filter(reader_id=reader_id)
        .select_related("bookstore__library")
        .order_by("-created_at", "-pk")
    )


def store_listing_for_store(*, store: Bookstore) -> QuerySet[StoreListing]:
    return StoreListing.objects.filter(bookstore=store).order_by("title", "pk")


def store_orders_for_store(*, store: Bookstore, open_only: bool = True) -> QuerySet[StoreOrder]:
    orders = StoreOrder.objects.filter(bookstore=store).select_related("reader")
    if open_only:
        orders = orders.filter(status__in=[StoreOrderStatus.PLACED, StoreOrderStatus.READY])
    return orders.order_by("created_at", "pk")
