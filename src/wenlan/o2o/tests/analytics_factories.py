"""Generated O2O orders of the three channels for the analytics tests, back-dated
over the months of analytics.tests.factories (March to June), by the readers and
libraries of a generated log, with a seeded generator: each order is returned with
what the export must say of it."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from wenlan.analytics.tests.factories import NOW, START, pseudonym_of
from wenlan.circulation.tests.factories import LoanFactory
from wenlan.o2o.enums import Destination, ParcelStatus, StoreOrderStatus
from wenlan.o2o.models import DeliveryOrder, Parcel, ParcelStep, StoreListing, StoreOrder
from wenlan.o2o.tests.factories import BookstoreFactory, BookstoreLoanFactory, DeliveryZoneFactory

STATE_OF = {
    StoreOrderStatus.COLLECTED: "completed",
    StoreOrderStatus.CANCELLED: "cancelled",
    ParcelStatus.DELIVERED: "completed",
    ParcelStatus.CANCELLED: "cancelled",
    ParcelStatus.FAILED: "failed",
    ParcelStatus.UNCOLLECTED: "failed",
}


@dataclass(frozen=True)
class ExpectedOrder:
    channel: str
    library_id: int
    month: str
    state: str
    reader: str  # the pseudonym ("" for a reader who refused analytics)


def generated_o2o_orders(*, libraries, readers, orders: int = 150, seed: int = 7):
    """Ended orders (and a few still open, which the export leaves out); returns the
    expected rows of the ended ones."""
    rng = random.Random(seed)
    stores = [BookstoreFactory(owner_library=libraries[n % len(libraries)]) for n in range(2)]
    listings = [
        StoreListing.objects.create(
            bookstore=store,
            isbn=f"97800000000{n}",
            title=f"T{n}",
            price=Decimal("30.00"),
            updated_at=START,
        )  # fmt: skip
        for n, store in enumerate(stores)
    ]
    zone = DeliveryZoneFactory()
    span = int((NOW - START).total_seconds()) - 10 * 86400
    expected = []
    for n in range(orders):
        reader = rng.choice(readers)
        placed = START + dt.timedelta(seconds=rng.randrange(span))
        ended = placed + dt.timedelta(hours=rng.randint(1, 100))
        month = f"{placed.astimezone(NOW.tzinfo):%Y-%m}"
        channel = ("till", "store", "delivery")[n % 3]
        open_one = n % 17 == 0 and channel != "till"
        if channel == "till":
            store = rng.choice(stores)
            loan = LoanFactory(reader=reader, loaned_at=placed, channel="yuedu")
            BookstoreLoanFactory(bookstore=store, loan=loan, day=placed.date(), created_at=placed)
            library_id, state = store.owner_library_id, "completed"
        elif channel == "store":
            listing = listings[n % 2]
            status = StoreOrderStatus.PLACED if open_one else rng.choice(
                [StoreOrderStatus.COLLECTED, StoreOrderStatus.COLLECTED, StoreOrderStatus.CANCELLED]
            )  # fmt: skip
            StoreOrder.objects.create(
                listing=listing, bookstore=listing.bookstore, reader=reader, title="T",
                price=Decimal("30.00"), status=status, created_at=placed,
                closed_at=None if open_one else ended,
            )  # fmt: skip
            library_id, state = listing.bookstore.owner_library_id, STATE_OF.get(status)
        else:
            order = DeliveryOrder.objects.create(
                reader=reader, destination=Destination.HOME, zone=zone, placed_at=placed
            )
            library = rng.choice(libraries)
            end = rng.choice(list(STATE_OF)[2:])
            status = ParcelStatus.DISPATCHED if open_one else end
            parcel = Parcel.objects.create(
                order=order, library=library, status=status, status_at=ended
            )
            ParcelStep.objects.create(parcel=parcel, status=ParcelStatus.PLACED, at=placed)
            if not open_one:
                ParcelStep.objects.create(parcel=parcel, status=end, at=ended)
                if end == ParcelStatus.DELIVERED and n % 2:  # returned later: still delivered
                    later = ended + dt.timedelta(days=3)
                    ParcelStep.objects.create(parcel=parcel, status=ParcelStatus.RETURNED, at=later)
            library_id, state = library.pk, STATE_OF.get(status)
        if not open_one:
            expected.append(ExpectedOrder(channel, library_id, month, state, pseudonym_of(reader)))
    return expected
