"""悦读: partner bookstores taking part, their rules, the loans made at their tills
(the settlement lines), the monthly settlements and the ISBNs the tills take
turns on."""

from wenlan.o2o.models.bookstore import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
    TillIsbn,
)

__all__ = ["Bookstore", "BookstoreLoan", "BookstoreRule", "BookstoreSettlement", "TillIsbn"]
