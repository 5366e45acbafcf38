"""悦读: partner bookstores taking part, their rules, the loans made at their tills
(the settlement lines) and the monthly settlements."""

from wenlan.o2o.models.bookstore import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
)

__all__ = ["Bookstore", "BookstoreLoan", "BookstoreRule", "BookstoreSettlement"]
