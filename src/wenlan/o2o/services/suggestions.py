"""悦购: readers suggest purchases; acquisitions staff accept them onto the order
list or decline them with a reason, and the reader is told (notices, in the
reader's language); when the ordered copy is received it is added to the
catalog and the suggesting reader's hold is placed and served by it first.

Each staff step locks the suggestion's row and reads its status after the lock,
so two members of staff deciding or receiving the same suggestion do it once."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.catalog.selectors.brief import item_id_by_barcode, record_by_isbn, record_copy_count
from wenlan.catalog.services.brief import record_create_brief
from wenlan.catalog.services.items import ItemSpec, items_import
from wenlan.circulation.errors import HoldRefusedError
from wenlan.circulation.services.acquisitions import hold_place_for_new_copy
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.text import isbn_normalise
from wenlan.notices.enums import NoticeKind
from wenlan.notices.services import notice_create
from wenlan.o2o import locks
from wenlan.o2o.enums import SuggestionStatus
from wenlan.o2o.errors import (
    AlreadyHeldError,
    BarcodeTakenError,
    DeclineReasonRequiredError,
    NoReaderCardError,
    SuggestionDuplicateError,
    SuggestionStateError,
    SuggestionTitleRequiredError,
)
from wenlan.o2o.models import PurchaseSuggestion
from wenlan.o2o.permissions import ensure_acquisitions
from wenlan.patrons.selectors import reader_of


@dataclass(frozen=True)
class SuggestionIn:
    isbn: str = ""
    title: str = ""
    author: str = ""
    publisher: str = ""
    note: str = ""


def suggestion_create(*, actor, suggestion: SuggestionIn) -> PurchaseSuggestion:
    """The reader suggests a book. An ISBN the catalog holds copies of is refused
    (the reader can place a hold); a known ISBN without copies is linked to its record."""
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    isbn13, record = "", None
    if suggestion.isbn.strip():
        isbn13 = isbn_normalise(suggestion.isbn.strip())
        if isbn13 is None:
            raise ValidationError(_("ISBN 无效，请核对后重新输入。"), field="isbn")
        record = record_by_isbn(isbn13=isbn13)
        if record is not None and record_copy_count(record_id=record.pk) > 0:
            raise AlreadyHeldError(record_id=record.pk)
    title = (record.title if record is not None else suggestion.title).strip()
    if not title:
        raise SuggestionTitleRequiredError(field="title")
    try:
        with transaction.atomic():
            return PurchaseSuggestion.objects.create(
                reader=reader,
                library_id=reader.home_library_id,
                isbn=isbn13,
                title=title[:500],
                author=(record.responsibility if record is not None else suggestion.author)[:200],
                publisher=suggestion.publisher.strip()[:300],
                note=suggestion.note.strip()[:500],
                record=record,
                created_at=clock.now(),
            )
    except IntegrityError as error:  # one open suggestion per reader and ISBN
        raise SuggestionDuplicateError() from error


def _locked(*, actor, suggestion_id: int, states: tuple[str, ...]) -> PurchaseSuggestion:
    with locks.lock_timeout():
        suggestion = locks.suggestion_lock(suggestion_id=suggestion_id)
    if suggestion is None:
        raise NotFoundError()
    ensure_acquisitions(actor, library_id=suggestion.library_id)
    if suggestion.status not in states:
        raise SuggestionStateError()
    return suggestion


def _tell(suggestion: PurchaseSuggestion, kind: str, **params) -> None:
    notice_create(
        reader_id=suggestion.reader_id,
        kind=kind,
        key=f"suggestion:{suggestion.pk}",
        params={"title": suggestion.title, **params},
        link=reverse("o2o:my_suggestions"),
    )


@transaction.atomic
def suggestion_accept(*, actor, suggestion_id: int) -> PurchaseSuggestion:
    """Onto the order list; the reader is told."""
    suggestion = _locked(actor=actor, suggestion_id=suggestion_id, states=(SuggestionStatus.NEW,))
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.decided_by, suggestion.decided_at = acting_user(actor), clock.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    _tell(suggestion, NoticeKind.SUGGESTION_ACCEPTED)
    return suggestion


@transaction.atomic
def suggestion_decline(*, actor, suggestion_id: int, reason: str) -> PurchaseSuggestion:
    """Declined with a reason the reader reads; an order not yet received can be
    declined too (the bookseller could not supply it)."""
    reason = reason.strip()
    if not reason:
        raise DeclineReasonRequiredError(field="reason")
    suggestion = _locked(
        actor=actor,
        suggestion_id=suggestion_id,
        states=(SuggestionStatus.NEW, SuggestionStatus.ACCEPTED),
    )
    suggestion.status, suggestion.decline_reason = SuggestionStatus.DECLINED, reason[:500]
    suggestion.decided_by, suggestion.decided_at = acting_user(actor), clock.now()
    suggestion.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    _tell(suggestion, NoticeKind.SUGGESTION_DECLINED, reason=reason[:500])
    return suggestion


@dataclass
class Received:
    suggestion: PurchaseSuggestion
    hold_refusal: str = ""  # why the reader's hold could not be placed, if it could not


@transaction.atomic
def suggestion_receive(
    *, actor, suggestion_id: int, barcode: str, isbn: str = "", call_number: str = ""
) -> Received:
    """The ordered copy has come: it joins the catalog at the buying library (a
    brief record when the catalog lacks the ISBN), and the reader's hold is placed
    and served by this copy before any other (circulation.services.acquisitions)."""
    barcode = barcode.strip()
    if not barcode or len(barcode) > 64:
        raise ValidationError(_("请扫描或输入新书的条码。"), field="barcode")
    suggestion = _locked(
        actor=actor, suggestion_id=suggestion_id, states=(SuggestionStatus.ACCEPTED,)
    )
    if item_id_by_barcode(barcode=barcode) is not None:
        raise BarcodeTakenError(field="barcode")
    record = suggestion.record
    if record is None:
        isbn13 = suggestion.isbn or isbn_normalise(isbn.strip())
        if not isbn13:
            raise ValidationError(_("请填写这本书的 ISBN。"), field="isbn")
        record = record_by_isbn(isbn13=isbn13) or record_create_brief(
            isbn=isbn13, title=suggestion.title, author=suggestion.author,
            publisher=suggestion.publisher,
        )  # fmt: skip
    items_import(
        specs=[
            ItemSpec(
                record_id=record.pk,
                barcode=barcode,
                library_id=suggestion.library_id,
                call_number=call_number.strip(),
            )
        ]
    )
    item_id = item_id_by_barcode(barcode=barcode)
    suggestion.status, suggestion.received_at = SuggestionStatus.RECEIVED, clock.now()
    suggestion.record, suggestion.item_id = record, item_id
    refusal = ""
    try:
        with transaction.atomic():
            suggestion.hold = hold_place_for_new_copy(
                reader_id=suggestion.reader_id,
                item_id=item_id,
                library_id=suggestion.library_id,
                pickup_library_id=suggestion.reader.home_library_id,
            )
    except HoldRefusedError as refused:
        refusal = str(refused)
    suggestion.save(update_fields=["status", "received_at", "record", "item", "hold"])
    return Received(suggestion=suggestion, hold_refusal=refusal)
