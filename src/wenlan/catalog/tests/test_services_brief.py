import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.errors import BarcodeTakenError
from wenlan.catalog.models import IndexChange, Item, RecordIsbn
from wenlan.catalog.selectors.brief import brief_record_queue, record_by_isbn, record_copy_count
from wenlan.catalog.services.brief import (
    item_create_on_loan,
    item_processing_done,
    record_brief_complete,
    record_create_brief,
)
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _brief():
    return record_create_brief(
        isbn="978-7-5442-9117-0", title="三体", author="刘慈欣", publisher="重庆出版社",
        year=2026, price=Decimal("45.00"),
    )  # fmt: skip


def test_a_brief_record_is_found_by_its_isbn_and_queued():
    record = _brief()
    assert record_by_isbn(isbn13="9787544291170") == record
    assert (record.is_brief, record.title, record.first_author, record.year) == (
        True, "三体", "刘慈欣", 2026,
    )  # fmt: skip
    assert "CNY45.00" in record.marc
    assert RecordIsbn.objects.get().isbn == "9787544291170"
    assert IndexChange.objects.filter(record_id=record.pk).exists()
    cataloguer = staff_with_role(Role.CATALOGUER, library=LibraryFactory())
    assert list(brief_record_queue(actor=cataloguer)) == [record]
    clerk = staff_with_role(Role.BOOKSTORE_CLERK, library=LibraryFactory())
    assert list(brief_record_queue(actor=clerk)) == []


@pytest.mark.parametrize(
    ("isbn", "title", "field"), [("123", "三体", "isbn"), ("9787544291170", " ", "title")]
)
def test_a_brief_record_needs_an_isbn_and_a_title(isbn, title, field):
    with pytest.raises(ValidationError) as refused:
        record_create_brief(isbn=isbn, title=title, author="")
    assert refused.value.field == field


def test_a_cataloguer_completes_a_brief_record():
    record = _brief()
    cataloguer = staff_with_role(Role.CATALOGUER, library=LibraryFactory())
    done = record_brief_complete(
        actor=cataloguer, record_id=record.pk, title="三体", author="刘慈欣",
        publisher="重庆出版社", year=2008, clc="I247.55", subjects=["科学幻想小说"],
    )  # fmt: skip
    assert (done.is_brief, done.clc, done.clc_top, done.year, done.subjects) == (
        False, "I247.55", "I", 2008, ["科学幻想小说"],
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        record_brief_complete(
            actor=cataloguer, record_id=record.pk, title="x", author="", publisher="", year=None,
            clc="", subjects=[],
        )  # fmt: skip


def test_a_new_copy_on_loan_goes_through_processing_into_the_collection():
    record, library = _brief(), LibraryFactory()
    item = item_create_on_loan(
        record_id=record.pk, barcode="YD1", library_id=library.pk, location_id=library.pk,
        price=Decimal("45.00"), due_on=dt.date(2026, 12, 25),
    )  # fmt: skip
    assert (item.status, item.new_acquisition, record_copy_count(record_id=record.pk)) == (
        ItemStatus.ON_LOAN, True, 1,
    )  # fmt: skip
    with pytest.raises(BarcodeTakenError):
        item_create_on_loan(
            record_id=record.pk, barcode="YD1", library_id=library.pk, location_id=library.pk,
            price=Decimal("1.00"), due_on=dt.date(2026, 12, 25),
        )  # fmt: skip
    cataloguer = staff_with_role(Role.CATALOGUER, library=library)
    with pytest.raises(ValidationError):
        item_processing_done(actor=cataloguer, item_id=item.pk)  # still out
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.IN_PROCESSING, due_on=None)
    with pytest.raises(PermissionDeniedError):
        item_processing_done(
            actor=staff_with_role(Role.CATALOGUER, library=LibraryFactory()), item_id=item.pk
        )
    done = item_processing_done(actor=cataloguer, item_id=item.pk)
    assert (done.status, done.new_acquisition) == (ItemStatus.AVAILABLE, False)


def test_the_cataloguers_queue_page(client):
    record = _brief()
    library = LibraryFactory()
    copy = ItemFactory(
        record=record, library=library, status=ItemStatus.IN_PROCESSING, new_acquisition=True
    )
    client.force_login(staff_with_role(Role.CATALOGUER, library=library))
    page = client.get(reverse("catalog:brief_queue")).content.decode()
    assert "三体" in page and copy.barcode in page
    url = reverse("catalog:brief_complete", args=[record.pk])
    response = client.post(
        url, {"title": "三体", "author": "刘慈欣", "year": "2008", "subjects": "科幻；小说"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.is_brief, record.subjects) == (False, ["科幻", "小说"])
    client.post(reverse("catalog:new_copy_shelve", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.status == ItemStatus.AVAILABLE
