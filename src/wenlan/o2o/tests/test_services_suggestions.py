"""悦购: suggesting, accepting, declining and receiving a purchase."""

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.models import Item, Record
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Hold
from wenlan.circulation.tests.factories import HoldFactory
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import LibraryFactory
from wenlan.notices.models import Notice
from wenlan.o2o.errors import (
    AlreadyHeldError,
    BarcodeTakenError,
    DeclineReasonRequiredError,
    SuggestionDuplicateError,
    SuggestionStateError,
    SuggestionTitleRequiredError,
)
from wenlan.o2o.models import PurchaseSuggestion
from wenlan.o2o.services.suggestions import (
    SuggestionIn,
    suggestion_accept,
    suggestion_create,
    suggestion_decline,
    suggestion_receive,
)
from wenlan.o2o.tests.conftest import KNOWN_ISBN, NEW_ISBN
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(frozen):
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆")
    return {
        "hz": hz,
        "reader": ReaderFactory(home_library=hz, card_number="R0001"),
        "buyer": staff_with_role(Role.ACQUISITIONS_LIBRARIAN, library=hz, username="buyer"),
        "other_buyer": staff_with_role(
            Role.ACQUISITIONS_LIBRARIAN, library=LibraryFactory(code="XH"), username="xh"
        ),
    }


def _suggest(world, **fields):
    return suggestion_create(actor=world["reader"].user, suggestion=SuggestionIn(**fields))


def test_a_new_isbn_is_suggested(world):
    s = _suggest(world, isbn="978-7-5442-9117-0", title="三体", author="刘慈欣", note="想读")
    assert (s.isbn, s.title, s.author, s.status, s.library_id, s.record_id) == (
        NEW_ISBN, "三体", "刘慈欣", "new", world["hz"].pk, None,
    )  # fmt: skip


def test_an_isbn_the_network_holds_is_refused_with_its_record(world):
    record = record_create(title="红楼梦", author="曹雪芹", isbn=KNOWN_ISBN)
    ItemFactory(record=record, library=world["hz"])
    with pytest.raises(AlreadyHeldError) as refused:
        _suggest(world, isbn=KNOWN_ISBN)
    assert refused.value.record_id == record.pk
    assert not PurchaseSuggestion.objects.exists()


def test_a_record_without_copies_is_linked(world):
    record = record_create(title="红楼梦", author="曹雪芹", isbn=KNOWN_ISBN)
    s = _suggest(world, isbn=KNOWN_ISBN)
    assert (s.record_id, s.title, s.author) == (record.pk, "红楼梦", record.responsibility)


def test_bad_input_is_refused_and_nothing_is_made(world):
    with pytest.raises(ValidationError):
        _suggest(world, isbn="12345", title="x")
    with pytest.raises(SuggestionTitleRequiredError):
        _suggest(world, title="  ")
    _suggest(world, isbn=NEW_ISBN, title="三体")
    with pytest.raises(SuggestionDuplicateError):
        _suggest(world, isbn=NEW_ISBN, title="三体")
    assert PurchaseSuggestion.objects.count() == 1


def test_accept_tells_the_reader(world):
    s = _suggest(world, isbn=NEW_ISBN, title="三体")
    suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)
    s.refresh_from_db()
    assert (s.status, s.decided_by_id) == ("accepted", world["buyer"].pk)
    notice = Notice.objects.get()
    assert (notice.kind, notice.reader_id, notice.params) == (
        "suggestion_accepted", world["reader"].pk, {"title": "三体"},
    )  # fmt: skip
    with pytest.raises(SuggestionStateError):
        suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)


def test_staff_of_another_library_and_readers_may_not_decide(world):
    s = _suggest(world, isbn=NEW_ISBN, title="三体")
    for actor in (world["other_buyer"], world["reader"].user):
        with pytest.raises(PermissionDeniedError):
            suggestion_accept(actor=actor, suggestion_id=s.pk)
    with pytest.raises(NotFoundError):
        suggestion_accept(actor=world["buyer"], suggestion_id=999999)
    s.refresh_from_db()
    assert s.status == "new" and not Notice.objects.exists()


def test_decline_needs_a_reason_the_reader_reads(world):
    s = _suggest(world, isbn=NEW_ISBN, title="三体")
    with pytest.raises(DeclineReasonRequiredError):
        suggestion_decline(actor=world["buyer"], suggestion_id=s.pk, reason=" ")
    suggestion_decline(actor=world["buyer"], suggestion_id=s.pk, reason="已绝版")
    s.refresh_from_db()
    assert (s.status, s.decline_reason) == ("declined", "已绝版")
    assert Notice.objects.get().params == {"title": "三体", "reason": "已绝版"}


def test_receiving_adds_the_copy_and_serves_the_readers_hold_first(world):
    s = _suggest(world, isbn=NEW_ISBN, title="三体", author="刘慈欣")
    suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)
    received = suggestion_receive(actor=world["buyer"], suggestion_id=s.pk, barcode="HZ9000001")
    s.refresh_from_db()
    item = Item.objects.get(barcode="HZ9000001")
    record = Record.objects.get(pk=item.record_id)
    assert (record.title, record.is_brief) == ("三体", True)
    assert (s.status, s.item_id, s.record_id, received.hold_refusal) == (
        "received", item.pk, record.pk, "",
    )  # fmt: skip
    hold = Hold.objects.get()
    assert (hold.reader_id, hold.item_id, hold.status) == (
        world["reader"].pk, item.pk, HoldStatus.READY,
    )  # fmt: skip
    assert s.hold_id == hold.pk
    assert item.status == "on_hold_shelf"
    assert set(Notice.objects.values_list("kind", flat=True)) == {
        "suggestion_accepted", "hold_ready",
    }  # fmt: skip


def test_the_copy_goes_to_the_suggester_ahead_of_an_earlier_hold(world):
    record = record_create(title="红楼梦", author="曹雪芹", isbn=KNOWN_ISBN)
    s = _suggest(world, isbn=KNOWN_ISBN)
    earlier = HoldFactory(record=record, pickup_library=world["hz"])
    suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)
    suggestion_receive(actor=world["buyer"], suggestion_id=s.pk, barcode="HZ9000002")
    mine = Hold.objects.get(reader=world["reader"])
    earlier.refresh_from_db()
    assert (mine.status, earlier.status) == (HoldStatus.READY, HoldStatus.WAITING)
    assert earlier.pull_library_id is None  # no copy on a shelf to pull for it


def test_receive_refusals_change_nothing(world):
    s = _suggest(world, title="无 ISBN 的书")
    with pytest.raises(SuggestionStateError):
        suggestion_receive(actor=world["buyer"], suggestion_id=s.pk, barcode="HZ9")
    suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)
    with pytest.raises(ValidationError):
        suggestion_receive(actor=world["buyer"], suggestion_id=s.pk, barcode="HZ9")
    ItemFactory(barcode="TAKEN1")
    with pytest.raises(BarcodeTakenError):
        suggestion_receive(
            actor=world["buyer"], suggestion_id=s.pk, barcode="TAKEN1", isbn=NEW_ISBN
        )
    s.refresh_from_db()
    assert s.status == "accepted" and Item.objects.count() == 1 and not Hold.objects.exists()
    suggestion_receive(actor=world["buyer"], suggestion_id=s.pk, barcode="HZ9", isbn=NEW_ISBN)
    s.refresh_from_db()
    assert s.status == "received"
