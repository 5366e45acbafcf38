"""Copies and records by staff, by feeds and by circulation: bulk adds by barcode
range, edits, a copy's status as it circulates, withdrawing a record, loan counts."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.catalog.enums import VISIBLE_STATUSES, IndexOp, ItemStatus, ItemType
from wenlan.catalog.errors import BarcodeTakenError, ItemHasLoanError
from wenlan.catalog.models import Item, Record
from wenlan.catalog.permissions import ensure_can_catalogue
from wenlan.catalog.services.outbox import record_changed
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.network.models import Library

MAX_BULK_ITEMS = 500


@dataclass(frozen=True)
class ItemSpec:
    record_id: int
    barcode: str
    library_id: int
    call_number: str = ""
    shelf_location: str = ""
    shelf_location_en: str = ""
    status: str = ItemStatus.AVAILABLE


@transaction.atomic
def items_import(*, specs: list[ItemSpec], notify: bool = True) -> int:
    """Holdings from a feed or a migration (no acting user: the system imports).
    Barcodes already present are left as they are, so running it twice adds nothing."""
    taken = set(
        Item.objects.filter(barcode__in=[s.barcode for s in specs]).values_list(
            "barcode", flat=True
        )
    )
    today = clock.today()
    new = [
        Item(
            record_id=s.record_id,
            barcode=s.barcode,
            library_id=s.library_id,
            location_id=s.library_id,
            call_number=s.call_number[:100],
            shelf_location=s.shelf_location[:100],
            shelf_location_en=s.shelf_location_en[:100],
            status=s.status,
            acquired_on=today,
        )
        for s in specs
        if s.barcode not in taken and s.status != ItemStatus.ON_LOAN
    ]
    Item.objects.bulk_create(new, batch_size=1000)
    record_changed(sorted({item.record_id for item in new}), notify=notify and bool(new))
    return len(new)


# --- records and items by staff ---------------------------------------------


@transaction.atomic
def record_delete(*, actor, record_id: int) -> Record:
    """Withdraw a record from the catalog. It stays as a deleted record (OAI-PMH
    harvesters are told), and its copies must be gone first."""
    ensure_can_catalogue(actor)
    record = Record.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        raise NotFoundError()
    if any(status in VISIBLE_STATUSES for status in record.items.values_list("status", flat=True)):
        raise ValidationError(_("请先剔除该记录的全部单册。"))
    record.is_deleted, record.deleted_at = True, clock.now()
    record.save(update_fields=["is_deleted", "deleted_at", "updated_at"])
    record_changed([record.pk], op=IndexOp.DELETE)
    return record


def _barcode_range(first: str, count: int) -> list[str]:
    head = first.rstrip("0123456789")
    digits = first[len(head) :]
    if not digits:
        raise ValidationError(_("起始条码须以数字结尾。"), field="first_barcode")
    start = int(digits)
    width = len(digits)
    return [f"{head}{n:0{width}d}" for n in range(start, start + count)]


@transaction.atomic
def items_add_range(
    *,
    actor,
    record_id: int,
    library_id: int,
    first_barcode: str,
    count: int,
    call_number: str = "",
    shelf_location: str = "",
    shelf_location_en: str = "",
    item_type: str = ItemType.BOOK,
    price: Decimal | None = None,
    status: str = ItemStatus.IN_PROCESSING,
) -> list[Item]:
    """Add `count` copies with consecutive barcodes (HZ000120, HZ000121, …)."""
    ensure_can_catalogue(actor, library_id=library_id)
    if not 1 <= count <= MAX_BULK_ITEMS:
        raise ValidationError(
            _("一次可添加 1 至 %(n)s 册。") % {"n": MAX_BULK_ITEMS}, field="count"
        )
    if item_type not in ItemType.values:
        raise ValidationError(field="item_type")
    if status not in (ItemStatus.AVAILABLE, ItemStatus.IN_PROCESSING):
        raise ValidationError(field="status")
    record = Record.objects.filter(pk=record_id, is_deleted=False).first()
    library = Library.objects.filter(pk=library_id).first()
    if record is None or library is None:
        raise NotFoundError()
    barcodes = _barcode_range(first_barcode.strip(), count)
    taken = list(Item.objects.filter(barcode__in=barcodes).values_list("barcode", flat=True)[:5])
    if taken:
        raise BarcodeTakenError(_("条码已被使用：%(codes)s") % {"codes": ", ".join(taken)})
    today = clock.today()
    items = [
        Item(
            record=record,
            barcode=barcode,
            library=library,
            location=library,
            call_number=call_number[:100],
            shelf_location=shelf_location[:100],
            shelf_location_en=shelf_location_en[:100],
            item_type=item_type,
            price=price,
            status=status,
            acquired_on=today,
        )
        for barcode in barcodes
    ]
    try:
        with transaction.atomic():
            Item.objects.bulk_create(items)
    except IntegrityError as error:  # a concurrent add took one of the barcodes
        raise BarcodeTakenError() from error
    record_changed([record.pk])
    return list(Item.objects.filter(barcode__in=barcodes).order_by("barcode"))


@transaction.atomic
def item_update(*, actor, item_id: int, **changes) -> Item:
    """Staff edits of a copy's shelf data and status (not loans: circulation owns those)."""
    allowed = {
        "call_number",
        "shelf_location",
        "shelf_location_en",
        "item_type",
        "status",
        "price",
        "location_id",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(field=sorted(unknown)[0])
    item = Item.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFoundError()
    ensure_can_catalogue(actor, library_id=item.library_id)
    if "status" in changes:
        if changes["status"] not in ItemStatus.values:
            raise ValidationError(field="status")
        if changes["status"] == ItemStatus.ON_LOAN or item.status == ItemStatus.ON_LOAN:
            raise ItemHasLoanError()
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()
    record_changed([item.record_id])
    return item


def item_status_set(
    *,
    item: Item,
    status: str,
    due_on: dt.date | None = None,
    location_id: int | None = None,
) -> Item:
    """Circulation's door into the catalog: a copy's status, current location and
    due date. `item` must be locked (select_for_update) in the current transaction:
    circulation locks item rows first, in primary-key order."""
    if status not in ItemStatus.values:
        raise ValidationError(field="status")
    if (status == ItemStatus.ON_LOAN) != (due_on is not None):
        raise ValidationError(field="due_on")
    availability_changed = (item.status == ItemStatus.AVAILABLE) != (status == ItemStatus.AVAILABLE)
    item.status = status
    item.due_on = due_on
    if location_id is not None:
        item.location_id = location_id
    item.updated_at = clock.now()
    Item.objects.filter(pk=item.pk).update(
        status=item.status,
        due_on=item.due_on,
        location_id=item.location_id,
        updated_at=item.updated_at,
    )
    # Only the "available" facet of the index depends on circulation.
    if availability_changed:
        record_changed([item.record_id])
    return item


@transaction.atomic
def record_borrow_counts_set(*, counts: dict[int, int]) -> int:
    """For the loan statistics: how often each record was borrowed (the "most
    borrowed" sort)."""
    changed = []
    for record in Record.objects.filter(pk__in=list(counts)).order_by("pk").select_for_update():
        value = max(0, int(counts[record.pk]))
        if record.borrow_count != value:
            record.borrow_count = value
            record.save(update_fields=["borrow_count", "updated_at"])
            changed.append(record.pk)
    if changed:
        record_changed(changed)
    return len(changed)
