import datetime as dt

import pytest
from django.db import transaction

from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.tests.factories import StaffFactory, staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.errors import BarcodeTakenError, ItemHasLoanError
from wenlan.catalog.models import IndexChange, Item, Record
from wenlan.catalog.services import items as item_services
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs():
    hz = LibraryFactory(code="HZ")
    return {"hz": hz, "sc": LibraryFactory(code="SC", parent=hz), "gs": LibraryFactory(code="GS")}


def test_items_add_range_numbers_barcodes_and_queues_the_index(libs):
    cataloguer = staff_with_role(Role.CATALOGUER, library=libs["sc"])
    record = RecordFactory()
    items = item_services.items_add_range(
        actor=cataloguer,
        record_id=record.pk,
        library_id=libs["sc"].pk,
        first_barcode="SC000098",
        count=3,
        call_number="I247/2",
    )
    assert [i.barcode for i in items] == ["SC000098", "SC000099", "SC000100"]
    assert {(i.library_id, i.status, i.call_number) for i in items} == {
        (libs["sc"].pk, ItemStatus.IN_PROCESSING, "I247/2")
    }
    assert IndexChange.objects.filter(record_id=record.pk).count() == 1


def test_items_add_range_outside_ones_libraries_is_refused(libs):
    cataloguer = staff_with_role(Role.CATALOGUER, library=libs["sc"])
    record = RecordFactory()
    with pytest.raises(PermissionDeniedError):
        item_services.items_add_range(
            actor=cataloguer,
            record_id=record.pk,
            library_id=libs["gs"].pk,
            first_barcode="GS1",
            count=1,
        )
    assert Item.objects.count() == 0


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.CATALOGUER, Role.NETWORK_ADMIN)]
)
def test_other_roles_cannot_catalogue(libs, role):
    user = staff_with_role(
        role,
        library=libs["hz"] if role in LIBRARY_SCOPED_ROLES else None,
        partner=_partner() if role in PARTNER_SCOPED_ROLES else None,
    )
    with pytest.raises(PermissionDeniedError):
        item_services.items_add_range(
            actor=user,
            record_id=RecordFactory().pk,
            library_id=libs["hz"].pk,
            first_barcode="HZ1",
            count=1,
        )
    assert Item.objects.count() == 0


def _partner():
    from wenlan.network.tests.factories import PartnerFactory

    return PartnerFactory()


def test_anonymous_and_plain_staff_cannot_catalogue(libs):
    with pytest.raises(NotAuthenticatedError):
        item_services.record_delete(actor=None, record_id=RecordFactory().pk)
    with pytest.raises(PermissionDeniedError):
        item_services.record_delete(actor=StaffFactory(), record_id=RecordFactory().pk)


def test_barcode_range_clashes_change_nothing(libs):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    ItemFactory(barcode="HZ0005", library=libs["hz"])
    with pytest.raises(BarcodeTakenError):
        item_services.items_add_range(
            actor=admin,
            record_id=RecordFactory().pk,
            library_id=libs["hz"].pk,
            first_barcode="HZ0003",
            count=5,
        )
    assert Item.objects.count() == 1


@pytest.mark.parametrize(("first", "count"), [("HZ", 1), ("HZ1", 0), ("HZ1", 501)])
def test_bad_ranges_are_refused(libs, first, count):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(ValidationError):
        item_services.items_add_range(
            actor=admin,
            record_id=RecordFactory().pk,
            library_id=libs["hz"].pk,
            first_barcode=first,
            count=count,
        )


def test_item_update_cannot_fake_a_loan(libs):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    item = ItemFactory(library=libs["hz"])
    with pytest.raises(ItemHasLoanError):
        item_services.item_update(actor=admin, item_id=item.pk, status=ItemStatus.ON_LOAN)
    item_services.item_update(
        actor=admin, item_id=item.pk, status=ItemStatus.LOST, shelf_location="3F"
    )
    item.refresh_from_db()
    assert (item.status, item.shelf_location) == (ItemStatus.LOST, "3F")


def test_record_delete_needs_the_copies_gone_first(libs):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    item = ItemFactory(library=libs["hz"])
    with pytest.raises(ValidationError):
        item_services.record_delete(actor=admin, record_id=item.record_id)
    assert not Record.objects.get(pk=item.record_id).is_deleted
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.WITHDRAWN)
    record = item_services.record_delete(actor=admin, record_id=item.record_id)
    assert record.is_deleted and record.deleted_at is not None
    assert IndexChange.objects.filter(record_id=record.pk, op="delete").exists()


def test_missing_index_is_reported_by_the_startup_checks(libs, settings, tmp_path):
    from wenlan.catalog.checks import search_index_present

    settings.WENLAN_INDEX_DIR = tmp_path / "nowhere"
    assert search_index_present(None) == []
    RecordFactory()
    [warning] = search_index_present(None)
    assert warning.id == "catalog.W001"


def test_too_little_index_build_memory_is_an_error(settings):
    from wenlan.catalog.checks import index_build_memory

    settings.WENLAN_INDEX_BUILD_MB = 1024
    assert index_build_memory(None) == []
    settings.WENLAN_INDEX_BUILD_MB = 16
    [error] = index_build_memory(None)
    assert error.id == "catalog.E001" and "16" in error.msg


def test_a_copy_lent_or_returned_reaches_the_index_through_the_outbox_once(
    django_capture_on_commit_callbacks,
):
    item = ItemFactory(status=ItemStatus.AVAILABLE)
    IndexChange.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        item_services.item_status_set(
            item=locked, status=ItemStatus.ON_LOAN, due_on=dt.date(2026, 12, 1)
        )
    assert list(IndexChange.objects.values_list("record_id", "op")) == [(item.record_id, "upsert")]
    assert len(callbacks) == 1  # one index sync, after commit
    item.refresh_from_db()
    assert (item.status, item.due_on) == (ItemStatus.ON_LOAN, dt.date(2026, 12, 1))


def test_a_status_change_that_keeps_a_copy_unavailable_leaves_the_index_alone(
    django_capture_on_commit_callbacks,
):
    item = ItemFactory(status=ItemStatus.IN_TRANSIT)
    IndexChange.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        item_services.item_status_set(item=locked, status=ItemStatus.ON_HOLD_SHELF)
    assert (IndexChange.objects.count(), callbacks) == (0, [])
    assert Item.objects.get(pk=item.pk).status == ItemStatus.ON_HOLD_SHELF
