"""Exports of a search result or of a library's holdings: MARC21 (ISO 2709,
UTF-8), MARCXML and CSV, written as a stream so a large export does not sit in
memory."""

import csv
import io
import logging
from collections.abc import Iterator

from wenlan.catalog.marc.reader import record_from_marcxml
from wenlan.catalog.marc.writer import (
    RecordTooLongError,
    collection_end,
    collection_start,
    to_iso2709,
)
from wenlan.catalog.models import Record
from wenlan.catalog.selectors.records import items_for_export, records_for_export
from wenlan.core.iterables import chunked

logger = logging.getLogger(__name__)

FORMATS = {
    "marc21": ("application/marc", "mrc"),
    "marcxml": ("application/marcxml+xml; charset=utf-8", "xml"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
CSV_COLUMNS = [
    "id",
    "title",
    "title_romanised",
    "authors",
    "publisher",
    "place",
    "year",
    "edition",
    "isbns",
    "clc",
    "language",
    "material_type",
    "series",
    "subjects",
    "barcodes",
    "libraries",
]


def _marcxml_body(record: Record) -> str:
    # Stored with its own xmlns on <record>; inside <collection> the default
    # namespace is the same, so the stored text is valid as it is.
    return record.marc + "\n"


def export_stream(*, fmt: str, q: str = "", library_code: str | None = None) -> Iterator[bytes]:
    records = records_for_export(q=q, library_code=library_code)
    if fmt == "marcxml":
        yield collection_start().encode()
        for record in records:
            yield _marcxml_body(record).encode("utf-8")
        yield collection_end().encode()
    elif fmt == "marc21":
        for record in records:
            try:
                yield to_iso2709(record_from_marcxml(record.marc))
            except RecordTooLongError as error:
                # The stream has begun; the record is left out and the operator told.
                logger.warning("record %s left out of the MARC21 export: %s", record.pk, error)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # so that Excel reads the Chinese as UTF-8
        writer.writerow(CSV_COLUMNS)
        for chunk in chunked(records, 500):
            items = items_for_export(record_ids=[r.pk for r in chunk], library_code=library_code)
            for record in chunk:
                copies = items.get(record.pk, [])
                writer.writerow(
                    [
                        record.pk,
                        record.title,
                        record.title_romanised,
                        "; ".join(record.author_names),
                        record.publisher,
                        record.place,
                        record.year or "",
                        record.edition,
                        " ".join(record.isbns),
                        record.clc,
                        record.language,
                        record.material_type,
                        record.series,
                        "; ".join(record.subjects),
                        " ".join(i.barcode for i in copies),
                        " ".join(sorted({i.library.code for i in copies})),
                    ]
                )
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    else:
        raise ValueError(fmt)
