"""Brief records: a record made from the few facts a partner bookstore's clerk types
at the till (悦读), flagged for cataloguers, and completed by them; the new copies
lent before they were processed, put into the collection once labelled."""

import datetime as dt
from decimal import Decimal

import pymarc
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.errors import BarcodeTakenError
from wenlan.catalog.models import Item, Record, RecordIsbn
from wenlan.catalog.permissions import ensure_can_catalogue
from wenlan.catalog.services.import_batches import _apply_fields
from wenlan.catalog.services.import_reading import record_parse
from wenlan.catalog.services.outbox import record_changed
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.text import isbn_normalise


def _brief_marc(
    *, isbn: str, title: str, author: str, publisher: str, year: int | None, clc: str,
    price: Decimal | None, subjects: list[str],
) -> pymarc.Record:  # fmt: skip
    """A MARC21 record of what is known: 020 ISBN and price, 084 CLC, 100 author,
    245 title, 264 publisher and year, 650 subjects."""
    marc = pymarc.Record(force_utf8=True)
    marc.leader = pymarc.Leader("     nam a22     3i 4500")
    date = str(year) if year else "    "
    marc.add_field(
        pymarc.Field(tag="008", data=f"{clock.today():%y%m%d}s{date}    cc            000 0 chi d")
    )
    isbn_subfields = [pymarc.Subfield("a", isbn)]
    if price is not None:
        isbn_subfields.append(pymarc.Subfield("c", f"CNY{price}"))
    marc.add_field(pymarc.Field(tag="020", indicators=[" ", " "], subfields=isbn_subfields))
    if clc:
        marc.add_field(
            pymarc.Field(
                tag="084",
                indicators=[" ", " "],
                subfields=[pymarc.Subfield("a", clc), pymarc.Subfield("2", "clc")],
            )
        )
    if author:
        marc.add_field(
            pymarc.Field(tag="100", indicators=["1", " "], subfields=[pymarc.Subfield("a", author)])
        )
    marc.add_field(
        pymarc.Field(tag="245", indicators=["1", "0"], subfields=[pymarc.Subfield("a", title)])
    )
    publication = []
    if publisher:
        publication.append(pymarc.Subfield("b", publisher))
    if year:
        publication.append(pymarc.Subfield("c", str(year)))
    if publication:
        marc.add_field(pymarc.Field(tag="264", indicators=[" ", "1"], subfields=publication))
    for subject in subjects:
        marc.add_field(
            pymarc.Field(
                tag="650", indicators=[" ", "7"], subfields=[pymarc.Subfield("a", subject)]
            )
        )
    return marc


def _record_fill(
    record: Record, *, isbn: str, title: str, author: str, publisher: str, year: int | None,
    clc: str, price: Decimal | None, subjects: list[str],
) -> None:  # fmt: skip
    title, author = title.strip(), author.strip()
    if not title:
        raise ValidationError(_("请填写题名。"), field="title")
    if year is not None and not 1000 <= year <= clock.today().year + 1:
        raise ValidationError(_("出版年有误。"), field="year")
    parsed = record_parse(
        _brief_marc(
            isbn=isbn, title=title, author=author, publisher=publisher.strip(), year=year,
            clc=clc.strip(), price=price, subjects=[s.strip() for s in subjects if s.strip()],
        ),
        "marc21",
    )  # fmt: skip
    record.marc, record.fingerprint = parsed.marc_xml, parsed.fingerprint
    _apply_fields(record, parsed)


def record_create_brief(
    *,
    isbn: str,
    title: str,
    author: str,
    publisher: str = "",
    year: int | None = None,
    clc: str = "",
    price: Decimal | None = None,
) -> Record:
    """A brief record for a book the catalog lacks, inside the caller's transaction
    (o2o's till, which has authorised its clerk). Flagged `is_brief` for the
    cataloguers' queue."""
    isbn13 = isbn_normalise(isbn)
    if isbn13 is None:
        raise ValidationError(_("ISBN 无效。"), field="isbn")
    record = Record(is_brief=True)
    _record_fill(
        record, isbn=isbn13, title=title, author=author, publisher=publisher, year=year, clc=clc,
        price=price, subjects=[],
    )  # fmt: skip
    record.save()
    RecordIsbn.objects.create(record=record, isbn=isbn13)
    record_changed([record.pk])
    return record


@transaction.atomic
def record_brief_complete(
    *,
    actor,
    record_id: int,
    title: str,
    author: str,
    publisher: str,
    year: int | None,
    clc: str,
    subjects: list[str],
) -> Record:
    """A cataloguer completes a brief record: its MARC is written again from the
    fields given, and it leaves the queue."""
    ensure_can_catalogue(actor)
    record = Record.objects.select_for_update().filter(pk=record_id, is_deleted=False).first()
    if record is None or not record.is_brief:
        raise NotFoundError()
    isbn = record.isbns[0] if record.isbns else ""
    price = (
        Item.objects.filter(record_id=record.pk, price__isnull=False)
        .order_by("pk")
        .values_list("price", flat=True)
        .first()
    )
    _record_fill(
        record, isbn=isbn, title=title, author=author, publisher=publisher, year=year, clc=clc,
        price=price, subjects=subjects,
    )  # fmt: skip
    record.is_brief = False
    record.save()
    record_changed([record.pk])
    return record


def item_create_on_loan(
    *,
    record_id: int,
    barcode: str,
    library_id: int,
    location_id: int,
    price: Decimal,
    due_on: dt.date,
) -> Item:
    """A new copy made already on loan (circulation's lend of a book bought at a
    partner bookstore), inside the caller's transaction. It is a new acquisition:
    returned, it goes to processing before the shelf."""
    barcode = barcode.strip()
    if not barcode:
        raise ValidationError(field="barcode")
    if Item.objects.filter(barcode=barcode).exists():
        raise BarcodeTakenError()
    item = Item.objects.create(
        record_id=record_id,
        barcode=barcode,
        library_id=library_id,
        location_id=location_id,
        item_type=ItemType.BOOK,
        status=ItemStatus.ON_LOAN,
        due_on=due_on,
        price=price,
        acquired_on=clock.today(),
        new_acquisition=True,
    )
    record_changed([record_id])
    return item


@transaction.atomic
def item_processing_done(*, actor, item_id: int) -> Item:
    """A new copy, back and processed (labelled, catalogued) at its library, joins
    the collection: on the shelf there."""
    item = Item.objects.select_for_update().filter(pk=item_id).first()
    if item is None or not item.new_acquisition:
        raise NotFoundError()
    ensure_can_catalogue(actor, library_id=item.library_id)
    if item.status != ItemStatus.IN_PROCESSING or item.location_id != item.library_id:
        raise ValidationError(_("该单册尚未回到所属馆加工。"))
    item.status, item.new_acquisition = ItemStatus.AVAILABLE, False
    item.save(update_fields=["status", "new_acquisition", "updated_at"])
    record_changed([item.record_id])
    return item
