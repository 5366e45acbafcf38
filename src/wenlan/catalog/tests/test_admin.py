import pytest

from wenlan.accounts.enums import PARTNER_SCOPED_ROLES, Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.models import Item
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    hz = LibraryFactory(code="HZ")
    record = record_create(title="三体", author="刘慈欣", control="ad1")
    return {"hz": hz, "record": record, "client": client}


def test_record_admin_shows_the_marc(setup):
    client = setup["client"]
    client.force_login(staff_with_role(Role.CATALOGUER, library=setup["hz"]))
    html = client.get(f"/admin/catalog/record/{setup['record'].pk}/change/").content.decode()
    assert "=245  10$a三体" in html
    assert f"/admin/catalog/record/{setup['record'].pk}/add-items/" in html


def test_bulk_add_items_by_barcode_range(setup):
    client = setup["client"]
    client.force_login(staff_with_role(Role.CATALOGUER, library=setup["hz"]))
    url = f"/admin/catalog/record/{setup['record'].pk}/add-items/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "library": setup["hz"].pk,
            "first_barcode": "HZ0100",
            "count": 3,
            "item_type": "book",
            "status": "available",
            "call_number": "I247.5/1",
        },
    )
    assert response.status_code == 302
    assert sorted(Item.objects.values_list("barcode", flat=True)) == ["HZ0100", "HZ0101", "HZ0102"]
    again = client.post(
        url,
        {
            "library": setup["hz"].pk,
            "first_barcode": "HZ0102",
            "count": 1,
            "item_type": "book",
            "status": "available",
        },
    )
    assert again.status_code == 200 and "条码已被使用" in again.content.decode()
    assert Item.objects.count() == 3


@pytest.mark.parametrize(
    "role", [Role.EVENT_ORGANISER, Role.VOLUNTEER_COORDINATOR, Role.BRANCH_LIBRARIAN]
)
def test_other_staff_do_not_see_the_catalog_admin(setup, role):
    from wenlan.network.tests.factories import PartnerFactory

    client = setup["client"]
    client.force_login(
        staff_with_role(
            role,
            library=setup["hz"] if role == Role.BRANCH_LIBRARIAN else None,
            partner=PartnerFactory() if role in PARTNER_SCOPED_ROLES else None,
        )
    )
    assert client.get("/admin/catalog/record/").status_code == 403
    url = f"/admin/catalog/record/{setup['record'].pk}/add-items/"
    assert client.get(url).status_code == 403
    client.post(
        url,
        {
            "library": setup["hz"].pk,
            "first_barcode": "HZ0100",
            "count": 3,
            "item_type": "book",
            "status": "available",
        },
    )
    assert Item.objects.count() == 0


def test_item_admin_edit_goes_through_the_service(setup):
    client = setup["client"]
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    item = ItemFactory(record=setup["record"], library=setup["hz"])
    response = client.post(
        f"/admin/catalog/item/{item.pk}/change/",
        {
            "location": setup["hz"].pk,
            "call_number": "X1",
            "shelf_location": "2F",
            "item_type": "book",
            "status": "lost",
            "price": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert (item.call_number, item.status) == ("X1", "lost")
