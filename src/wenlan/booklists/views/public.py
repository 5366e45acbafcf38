"""The published lists for everyone, phone-first: the index, newest first, and a
list's page (each book's availability in the network, a hold button, schema.org
ItemList). Drafts and withdrawn lists are not found."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wenlan.booklists.selectors import BookListPage, booklist_page_published, booklists_published
from wenlan.core.i18n import translated

SENTINEL = 987654321987  # one reverse per page, the record's id put in after


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "booklists/public/list.html",
        {"lists": list(booklists_published()[:200])},
    )


def _hold_url(request: HttpRequest, page_path: str) -> str:
    """With the sentinel for the record: circulation's hold flow for a signed-in
    visitor, the login page (back to this list) for the others."""
    if request.user.is_authenticated:
        return reverse("circulation:my_hold_place", args=[SENTINEL])
    return reverse("accounts:login") + "?next=" + page_path


def _json_ld(page: BookListPage, *, page_url: str, record_url) -> str:
    items = []
    for n, row in enumerate(page.books, start=1):
        book = {"@type": "Book", "name": row.record.title, "url": record_url(row.record.pk)}
        if row.record.first_author:
            book["author"] = {"@type": "Person", "name": row.record.first_author}
        if row.record.isbns:
            book["isbn"] = row.record.isbns[0]
        note = translated(row.item, "note")
        if note:
            book["description"] = note
        items.append({"@type": "ListItem", "position": n, "item": book})
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": page_url,
        "url": page_url,
        "name": translated(page.book_list, "title"),
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(items),
        "itemListElement": items,
    }
    # Escape "<" so a title can never close the <script> element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@require_GET
def public_detail(request: HttpRequest, list_id: int) -> HttpResponse:
    page = booklist_page_published(list_id=list_id)
    page_path = reverse("booklists:public_detail", args=[list_id])
    hold = _hold_url(request, page_path)
    record_path = reverse("catalog:record", args=[SENTINEL])
    return render(
        request,
        "booklists/public/detail.html",
        {
            "book_list": page.book_list,
            "books": [
                (row, hold.replace(str(SENTINEL), str(row.record.pk)) if row.copies else "")
                for row in page.books
            ],
            "json_ld": _json_ld(
                page,
                page_url=request.build_absolute_uri(page_path),
                record_url=lambda pk: request.build_absolute_uri(
                    record_path.replace(str(SENTINEL), str(pk))
                ),
            ),
        },
    )
