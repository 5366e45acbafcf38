"""A reader's 悦读 loans (core/personal_data.py). The loans themselves are
circulation's (exported there, and erasure waits for every copy to be back); the
settlement lines stay with the blanked reader row, because the library paid the
store for each and the statements must still add up."""

from django.db.models import Q

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.o2o.models import BookstoreLoan, BookstoreSettlement


def yuedu_export(reader_id: int) -> list[dict]:
    lines = (
        BookstoreLoan.objects.filter(reader_id=reader_id)
        .select_related("bookstore__library", "loan")
        .order_by("created_at", "pk")
    )
    return [
        {
            "store": line.bookstore.library.code,
            "isbn": line.isbn,
            "title": line.title,
            "price": str(line.price),
            "loaned_at": iso(line.created_at),
            "returned_at": iso(line.loan.returned_at),
        }
        for line in lines
    ]


def settlements_accepted_export(reader_id: int) -> list[dict]:
    """Statements the reader's account accepted as staff or as a store's clerk
    (normally none). Erasure deletes the account; the acceptance keeps its time."""
    accepted = BookstoreSettlement.objects.filter(
        Q(library_accepted_by__reader__pk=reader_id) | Q(store_accepted_by__reader__pk=reader_id)
    ).order_by("period", "pk")
    return [
        {"store_id": s.bookstore_id, "period": iso(s.period), "total": str(s.total)}
        for s in accepted
    ]


SECTIONS = (
    PersonalDataSection(name="yuedu", models=("o2o.BookstoreLoan",), export=yuedu_export),
    PersonalDataSection(
        name="yuedu_settlements_accepted",
        models=("o2o.BookstoreSettlement",),
        export=settlements_accepted_export,
    ),
)
