"""`/api/booklists/`: the published reading lists of the network's libraries and
one list with its books (availability in the network, links to the catalog and
the hold flow). Public; drafts and withdrawn lists are not found."""

from django.urls import reverse
from ninja import Router

from wenlan.booklists.schemas import BookListDetailOut, BookListOut
from wenlan.booklists.selectors import booklist_page_published, booklists_published
from wenlan.core.ids import RowId

router = Router(tags=["booklists"])
SENTINEL = "987654321987"


@router.get("/", response=list[BookListOut], auth=None, summary="Published reading lists")
def booklists_endpoint(request):
    """Newest first, at most 500."""
    return [
        {
            "id": item.pk,
            "library_code": item.library.code,
            "title_zh": item.title_zh,
            "title_en": item.title_en,
            "description_zh": item.description_zh,
            "description_en": item.description_en,
            "published_at": item.published_at,
            "books": item.books,
            "url": request.build_absolute_uri(reverse("booklists:public_detail", args=[item.pk])),
        }
        for item in booklists_published()[:500]
    ]


@router.get(
    "/{list_id}",
    response=BookListDetailOut,
    auth=None,
    summary="A published reading list: its books in order, notes and availability",
)
def booklist_endpoint(request, list_id: RowId):
    """Refusal: `booklist_not_found` (404) for a draft, a withdrawn list or none."""
    page = booklist_page_published(list_id=list_id)
    book_list = page.book_list
    record_url = reverse("catalog:record", kwargs={"record_id": int(SENTINEL)})
    hold_url = reverse("circulation:my_hold_place", kwargs={"record_id": int(SENTINEL)})
    return {
        "id": book_list.pk,
        "library_code": book_list.library.code,
        "title_zh": book_list.title_zh,
        "title_en": book_list.title_en,
        "description_zh": book_list.description_zh,
        "description_en": book_list.description_en,
        "published_at": book_list.published_at,
        "url": request.build_absolute_uri(reverse("booklists:public_detail", args=[book_list.pk])),
        "books": [
            {
                "position": n,
                "record_id": row.record.pk,
                "title": row.record.title,
                "author": row.record.first_author,
                "isbns": list(row.record.isbns or []),
                "note_zh": row.item.note_zh,
                "note_en": row.item.note_en,
                "copies": row.copies,
                "available": row.available,
                "url": record_url.replace(SENTINEL, str(row.record.pk)),
                "hold_url": hold_url.replace(SENTINEL, str(row.record.pk)),
            }
            for n, row in enumerate(page.books, start=1)
        ],
    }
