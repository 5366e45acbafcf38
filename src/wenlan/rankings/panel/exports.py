"""A published list as data: the JSON the API and the export give, CSV and Excel
rows, and the schema.org ItemList for the page's JSON-LD."""

import csv
import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wenlan.rankings.panel.selectors.public import PublishedList

COLUMNS = (
    "position",
    "title",
    "author",
    "isbns",
    "recommendation_zh",
    "recommendation_en",
    "copies",
    "available",
)


def list_data(published: PublishedList) -> dict:
    reading_list = published.reading_list
    return {
        "slug": reading_list.slug,
        "occasion": reading_list.occasion,
        "date": reading_list.date.isoformat(),
        "theme_zh": reading_list.theme_zh,
        "theme_en": reading_list.theme_en,
        "published_at": reading_list.published_at.isoformat()
        if reading_list.published_at
        else None,
        "books": [
            {
                "position": b.position,
                "title": b.title,
                "author": b.author,
                "isbns": b.isbns,
                "recommendation_zh": b.recommendation_zh,
                "recommendation_en": b.recommendation_en,
                "record_id": b.record_id,
                "copies": b.copies,
                "available": b.available,
            }
            for b in published.books
        ],
    }


def _rows(published: PublishedList) -> list[list]:
    return [
        [
            b.position,
            b.title,
            b.author,
            ";".join(b.isbns),
            b.recommendation_zh,
            b.recommendation_en,
            b.copies,
            b.available,
        ]
        for b in published.books
    ]


def list_csv(published: PublishedList) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_rows(published))
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM: Excel reads it as UTF-8


def list_workbook(published: PublishedList) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("推荐书单"))[:31]
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(published):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_json_ld(published: PublishedList, *, page_url: str, record_url) -> str:
    """schema.org ItemList of Books; `record_url(record_id)` gives a book's catalog page."""
    items = []
    for b in published.books:
        book = {"@type": "Book", "name": b.title}
        if b.author:
            book["author"] = {"@type": "Person", "name": b.author}
        if b.isbns:
            book["isbn"] = b.isbns[0] if len(b.isbns) == 1 else b.isbns
        if b.recommendation:
            book["description"] = b.recommendation
        if b.record_id:
            book["url"] = record_url(b.record_id)
        items.append({"@type": "ListItem", "position": b.position, "item": book})
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": page_url,
        "url": page_url,
        "name": published.reading_list.theme,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(items),
        "itemListElement": items,
    }
    # Escape "<" so a title can never close the <script> element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
