"""悦购 at a partner bookstore: the store's clerks keep a listing of titles readers
may order (price and stock state); a reader orders one to collect at the store,
where they pay; the clerk marks the order ready, collected or cancelled, and the
reader may cancel an order the store has not yet readied. Each step locks the row
it changes and reads its state after the lock."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.text import isbn_normalise
from wenlan.o2o import locks
from wenlan.o2o.enums import StockState, StoreOrderStatus
from wenlan.o2o.errors import (
    ListingUnavailableError,
    NoReaderCardError,
    StoreOrderDuplicateError,
    StoreOrderStateError,
)
from wenlan.o2o.models import Bookstore, StoreListing, StoreOrder
from wenlan.o2o.permissions import ensure_till
from wenlan.o2o.policies import price_valid, store_order_step_allowed
from wenlan.patrons.selectors import reader_of


@dataclass(frozen=True)
class ListingIn:
    isbn: str
    title: str
    price: Decimal
    stock: str = StockState.IN_STOCK
    author: str = ""


@transaction.atomic
def store_listing_save(*, actor, store_id: int, listing: ListingIn) -> StoreListing:
    """Adds a title to the store's listing, or updates the one of the same ISBN."""
    ensure_till(actor, store_id=store_id)
    bookstore = Bookstore.objects.filter(library_id=store_id, is_active=True).first()
    if bookstore is None:
        raise NotFoundError()
    isbn13 = isbn_normalise(listing.isbn.strip())
    if isbn13 is None:
        raise ValidationError(_("ISBN 无效，请核对后重新输入。"), field="isbn")
    if not listing.title.strip():
        raise ValidationError(_("请填写题名。"), field="title")
    if not price_valid(listing.price):
        raise ValidationError(_("请输入有效的定价（元，最多两位小数）。"), field="price")
    if listing.stock not in StockState.values:
        raise ValidationError(field="stock")
    row, _created = StoreListing.objects.update_or_create(
        bookstore=bookstore,
        isbn=isbn13,
        defaults={
            "title": listing.title.strip()[:500],
            "author": listing.author.strip()[:200],
            "price": listing.price,
            "stock": listing.stock,
            "updated_at": clock.now(),
        },
    )
    return row


def store_order_place(*, actor, listing_id: int) -> StoreOrder:
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    try:
        return _place(reader_id=reader.pk, listing_id=listing_id)
    except IntegrityError as error:  # one open order per reader and title
        raise StoreOrderDuplicateError() from error


@transaction.atomic
def _place(*, reader_id: int, listing_id: int) -> StoreOrder:
    with locks.lock_timeout():
        listing = locks.store_listing_lock(listing_id=listing_id)
    if listing is None:
        raise NotFoundError()
    if listing.stock == StockState.SOLD_OUT:
        raise ListingUnavailableError()
    with transaction.atomic():
        return StoreOrder.objects.create(
            listing=listing,
            bookstore_id=listing.bookstore_id,
            reader_id=reader_id,
            title=listing.title,
            price=listing.price,
            created_at=clock.now(),
        )


@transaction.atomic
def store_order_step(*, actor, order_id: int, to: str) -> StoreOrder:
    """The clerk readies, hands over or cancels an order of their store."""
    with locks.lock_timeout():
        order = locks.store_order_lock(order_id=order_id)
    if order is None:
        raise NotFoundError()
    ensure_till(actor, store_id=order.bookstore.library_id)
    if not store_order_step_allowed(current=order.status, to=to, by_reader=False):
        raise StoreOrderStateError()
    return _step(order, to)


@transaction.atomic
def store_order_cancel_own(*, actor, order_id: int) -> StoreOrder:
    reader = reader_of(actor)
    with locks.lock_timeout():
        order = locks.store_order_lock(order_id=order_id)
    if order is None or reader is None or order.reader_id != reader.pk:
        raise NotFoundError()
    if not store_order_step_allowed(
        current=order.status, to=StoreOrderStatus.CANCELLED, by_reader=True
    ):
        raise StoreOrderStateError()
    return _step(order, StoreOrderStatus.CANCELLED)


def _step(order: StoreOrder, to: str) -> StoreOrder:
    now = clock.now()
    order.status = to
    if to == StoreOrderStatus.READY:
        order.ready_at = now
    else:
        order.closed_at = now
    order.save(update_fields=["status", "ready_at", "closed_at"])
    return order
