import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from wenlan.accounts.enums import Role
from wenlan.accounts.models import ApiKey, StaffRole, User
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.demo import o2o_history
from wenlan.exhibitions.models import Exhibition, ExhibitionImage
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library, OpeningException, OpeningHours, Partner
from wenlan.o2o.models import BookstoreLoan, BookstoreSettlement
from wenlan.o2o.policies import period_start
from wenlan.patrons.models import Reader

pytestmark = pytest.mark.django_db

DISTRICTS = {
    "上城",
    "拱墅",
    "西湖",
    "滨江",
    "萧山",
    "余杭",
    "临平",
    "钱塘",
    "富阳",
    "临安",
    "桐庐",
    "淳安",
    "建德",
}


def _snapshot():
    return {
        model.__name__: sorted(
            (row["id"], str(row.get("updated_at", "")), row.get("password", ""))
            for row in model.objects.values()
        )
        for model in (
            Library,
            Partner,
            OpeningHours,
            OpeningException,
            User,
            StaffRole,
            Reader,
            ApiKey,
            Exhibition,
            ExhibitionImage,
        )
    }


def test_demo_loads_the_hangzhou_network(whole_demo):
    assert json.loads(whole_demo.summary) == {
        "libraries": 26,
        # the 12 of people.READERS, the 400 of the year of reading (insights) and the
        # 44 of the volunteer pool
        "readers": 456,
        "staff_roles": 15,  # main's 14 and the alliance partner's reference librarian
        "partners_with_keys": 3,
    }
    assert Library.objects.filter(kind=LibraryKind.CENTRAL).get().code == "HZ"
    names = set(
        Library.objects.filter(kind__in=[LibraryKind.DISTRICT, LibraryKind.COUNTY]).values_list(
            "name_zh", flat=True
        )
    )
    assert {name[:2] for name in names} == DISTRICTS
    themed = Library.objects.filter(kind=LibraryKind.THEMED_BRANCH)
    assert themed.count() >= 6
    assert all(b.theme_zh and b.partner_id and b.cooperation_model for b in themed)
    assert {r.role for r in StaffRole.objects.all()} == set(Role)


def test_demo_twice_changes_nothing(whole_demo):
    credentials = whole_demo.var_dir / "demo-credentials.json"
    audited_once = AuditEntry.objects.count()
    before = _snapshot()
    first = json.loads(credentials.read_text())
    call_command("demo", stdout=io.StringIO())
    assert _snapshot() == before
    assert json.loads(credentials.read_text()) == first
    # The year of reading's readers, registered at a desk (a third of them asking for
    # recommendations there), the published China Reading list and the central
    # library's reading lists, one sent to a segment, and the past lectures' check-ins
    # at the door (as the audit log says), once: the second run audits nothing.
    audited = set(AuditEntry.objects.values_list("action", "subject_type"))
    assert audited == {
        ("create", "patrons.reader"),
        ("change", "patrons.reader"),
        ("create", "rankings.readinglist"),
        ("change", "rankings.readinglist"),
        ("create", "booklists.booklist"),
        ("change", "booklists.booklist"),
        ("create", "booklists.booklistannouncement"),
        ("change", "events.registration"),
    }
    readers = AuditEntry.objects.filter(subject_type="patrons.reader")
    assert (readers.filter(action="create").count(), readers.filter(action="change").count()) == (
        400,
        133,
    )
    assert AuditEntry.objects.count() == audited_once


def test_credentials_file_logs_in_staff_readers_and_partners(whole_demo, client):
    credentials = whole_demo.credentials()
    assert set(credentials) >= {"staff", "readers", "partners"}
    assert set(credentials["staff"]) == set(Role.values)
    admin = credentials["staff"]["network_admin"]
    assert client.login(username=admin["username"], password=admin["password"])
    reader = credentials["readers"][0]
    assert client.login(username=reader["card"], password=reader["password"])
    assert Reader.objects.get(card_number=reader["card"]).home_library.code == reader["library"]
    assert 'aria-label="电子读者证二维码"><svg' in client.get("/me/card/").content.decode()
    key = credentials["partners"][0]["api_key"]
    assert client.get("/api/network/libraries", HTTP_X_API_KEY=key).status_code == 200


def test_bookstore_clerks_work_their_tills_with_the_credentials(whole_demo, client):
    credentials = whole_demo.credentials()
    clerks = credentials["bookstore_clerks"]
    assert [(c["store"], c["username"]) for c in clerks] == [
        ("XINHUA-QJ", "clerk-xinhua"), ("XIAOFENG", "clerk-xiaofeng"),
    ]  # fmt: skip
    assert client.login(username=clerks[0]["username"], password=clerks[0]["password"])
    assert client.get("/staff/o2o/till/").status_code == 200
    loans = client.get("/api/o2o/bookstore-loans", HTTP_X_API_KEY=clerks[1]["api_key"])
    assert loans.status_code == 200 and len(loans.json()) == 1
    # Last month's two statements, and both stores' of the three months of history.
    assert BookstoreSettlement.objects.count() == 2 + 2 * o2o_history.MONTHS
    last_month = period_start(period_start(clock.today()) - dt.timedelta(days=1))
    loans = BookstoreLoan.objects.filter(loan__returned_at__isnull=False)
    assert loans.filter(period=last_month).count() == 2
    assert (
        BookstoreLoan.objects.filter(period__lt=last_month).count()
        == loans.filter(period__lt=last_month).count()
        >= 30
    )


def test_later_keys_in_the_credentials_file_survive_a_rerun(whole_demo):
    path = whole_demo.var_dir / "demo-credentials.json"
    credentials = json.loads(path.read_text())
    path.write_text(json.dumps({**credentials, "later_part": {"login": "kiosk"}}))
    call_command("demo", stdout=io.StringIO())
    rerun = json.loads(path.read_text())
    assert rerun.pop("later_part") == {"login": "kiosk"}
    assert rerun == credentials
    path.write_text(json.dumps(credentials))


def test_every_demo_room_has_an_english_name():
    from wenlan.demo.event_programmes import OUTSIDE_VENUES, PROGRAMMES, ROOM_NAMES_EN

    rooms = {p.room for p in PROGRAMMES if p.venue not in OUTSIDE_VENUES}
    assert rooms - set(ROOM_NAMES_EN) == set()
