"""悦读: partner bookstores taking part, their rules, the loans made at their tills
(the settlement lines) and the monthly settlements. 悦借: delivery orders, their
parcels and copies, pickup points, delivery zones and the fee ledger."""

from wenlan.o2o.models.bookstore import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
)
from wenlan.o2o.models.delivery import (
    DeliveryFeeEntry,
    DeliveryLine,
    DeliveryOrder,
    DeliveryZone,
    Parcel,
    ParcelStep,
    PickupPoint,
)

__all__ = [
    "Bookstore",
    "BookstoreLoan",
    "BookstoreRule",
    "BookstoreSettlement",
    "DeliveryFeeEntry",
    "DeliveryLine",
    "DeliveryOrder",
    "DeliveryZone",
    "Parcel",
    "ParcelStep",
    "PickupPoint",
]
