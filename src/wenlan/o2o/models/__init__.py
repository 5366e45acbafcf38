"""悦读: partner bookstores taking part, their rules, the loans made at their tills
(the settlement lines), the monthly settlements and the ISBNs the tills take
turns on. 悦借: delivery orders, their parcels and copies, pickup points, delivery
zones and the fee ledger. 悦享: offers to hand a loan on to another reader. 悦购:
purchase suggestions and orders at partner bookstores."""

from wenlan.o2o.models.bookstore import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
    TillIsbn,
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
from wenlan.o2o.models.handon import HandOnOffer
from wenlan.o2o.models.suggestions import PurchaseSuggestion, StoreListing, StoreOrder

__all__ = [
    "Bookstore",
    "BookstoreLoan",
    "BookstoreRule",
    "BookstoreSettlement",
    "DeliveryFeeEntry",
    "DeliveryLine",
    "DeliveryOrder",
    "DeliveryZone",
    "HandOnOffer",
    "Parcel",
    "ParcelStep",
    "PickupPoint",
    "PurchaseSuggestion",
    "StoreListing",
    "StoreOrder",
    "TillIsbn",
]
