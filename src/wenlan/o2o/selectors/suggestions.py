"""Reads of 悦购: what the catalog already holds of a suggested book, a reader's own
suggestions, and the acquisitions staff's queue and order list (their libraries only)."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from wenlan.catalog.models import Record
from wenlan.catalog.selectors.brief import record_by_isbn, record_copy_count
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.core.text import isbn_normalise
from wenlan.o2o.enums import SuggestionStatus
from wenlan.o2o.models import PurchaseSuggestion
from wenlan.o2o.permissions import acquisitions_scope, ensure_acquisitions


@dataclass
class CatalogCheck:
    """What a reader about to suggest a book finds in the catalog: the record of
    the ISBN and its copies, or records whose words match the title."""

    isbn13: str | None = None
    record: Record | None = None
    copies: int = 0
    matches: list = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.record is not None and self.copies > 0


def catalog_check(*, isbn: str = "", title: str = "") -> CatalogCheck:
    check = CatalogCheck()
    if isbn.strip():
        check.isbn13 = isbn_normalise(isbn.strip())
        if check.isbn13 is not None:
            check.record = record_by_isbn(isbn13=check.isbn13)
            if check.record is not None:
                check.copies = record_copy_count(record_id=check.record.pk)
    if check.record is None and title.strip():
        found = catalog_search(
            params=search_params(q=title.strip()[:200], page_size=5, facets=False)
        )
        check.matches = found.hits
    return check


def suggestion_list_for_reader(*, reader_id: int) -> QuerySet[PurchaseSuggestion]:
    return (
        PurchaseSuggestion.objects.filter(reader_id=reader_id)
        .select_related("hold")
        .order_by("-created_at", "-pk")
    )


def _scoped(actor) -> QuerySet[PurchaseSuggestion]:
    ensure_acquisitions(actor)
    scope = acquisitions_scope(actor)
    rows = PurchaseSuggestion.objects.all()
    return rows if scope is None else rows.filter(library_id__in=scope)


def suggestion_queue(*, actor, status: str) -> QuerySet[PurchaseSuggestion]:
    """The suggestions of one status at the libraries the actor buys for, oldest first."""
    return (
        _scoped(actor)
        .filter(status=status)
        .select_related("reader", "library", "item", "hold", "decided_by")
        .order_by("created_at", "pk")
    )


def suggestion_counts(*, actor) -> dict[str, int]:
    counts = dict(
        _scoped(actor).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in SuggestionStatus.values}


def suggestion_order_list(*, actor) -> list[PurchaseSuggestion]:
    """The order list: accepted suggestions not yet received, by library, then title."""
    return list(
        suggestion_queue(actor=actor, status=SuggestionStatus.ACCEPTED).order_by(
            "library__code", "title", "pk"
        )
    )
