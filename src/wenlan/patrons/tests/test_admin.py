import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.models import AuditAction, AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    library_a, library_b = LibraryFactory(), LibraryFactory()
    mine = ReaderFactory(home_library=library_a, card_number="AAA000001")
    theirs = ReaderFactory(home_library=library_b, card_number="BBB000001")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library_a)
    return librarian, mine, theirs


def test_admin_reader_list_is_scoped_and_audited(client, setup):
    librarian, mine, theirs = setup
    client.force_login(librarian)
    page = client.get("/admin/patrons/reader/").content.decode()
    assert "AAA000001" in page and "BBB000001" not in page
    assert list(AuditEntry.objects.values_list("subject_id", "action")) == [
        (str(mine.pk), AuditAction.READ)
    ]


def test_admin_reader_change_is_audited_and_out_of_scope_is_refused(client, setup):
    librarian, mine, theirs = setup
    client.force_login(librarian)
    assert client.get(f"/admin/patrons/reader/{mine.pk}/change/").status_code == 200
    form = {
        "name": mine.name,
        "phone": mine.phone,
        "email": "",
        "category": "adult",
        "home_library": mine.home_library_id,
        "status": ReaderStatus.SUSPENDED,
        "expiry_date": "2029-01-01",
        "language": "zh-hans",
        "allow_analytics": "on",
        "email_notices": "on",
    }
    response = client.post(f"/admin/patrons/reader/{mine.pk}/change/", form)
    assert response.status_code == 302
    assert Reader.objects.get(pk=mine.pk).status == ReaderStatus.SUSPENDED
    change = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert change.fields == ["status"] and change.origin == "203.0.113.7"

    before = AuditEntry.objects.count()
    assert client.get(f"/admin/patrons/reader/{theirs.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/patrons/reader/{theirs.pk}/change/",
        {**form, "home_library": theirs.home_library_id},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # not saved
    assert Reader.objects.get(pk=theirs.pk).status == ReaderStatus.ACTIVE
    assert AuditEntry.objects.count() == before


def test_audit_log_page_is_for_network_admins_only(client, setup):
    librarian, mine, _ = setup
    client.force_login(librarian)
    client.get(f"/staff/readers/{mine.pk}/")
    assert client.get("/staff/audit/").status_code == 403
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, language="en"))
    response = client.get("/staff/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert librarian.username in page and "203.0.113.7" in page and "Read" in page
