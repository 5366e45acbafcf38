import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.models import User
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.core.models import AuditAction, AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons import services
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import CardAlreadyRegisteredError, CardOwnershipError
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import OfflineReaderFactory, ReaderFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Quiet-lake-2026"


def test_signup_with_a_new_card_creates_reader_and_account():
    library = LibraryFactory()
    reader = services.reader_signup(
        card_number=" hz12345678 ",
        password=GOOD_PASSWORD,
        name="王芳",
        phone="13800000000",
        home_library_id=library.pk,
    )
    assert reader.card_number == "HZ12345678"
    assert reader.user.username == "HZ12345678"
    assert reader.user.check_password(GOOD_PASSWORD)
    assert reader.status == ReaderStatus.ACTIVE
    assert (reader.expiry_date - reader.registered_on).days == 3 * 365
    assert reader.keep_reading_history is False  # opt-in only


def test_signup_claims_a_desk_issued_card_with_the_phone_on_record():
    offline = OfflineReaderFactory(card_number="HZ00000099", phone="13900000001")
    reader = services.reader_signup(
        card_number="HZ00000099",
        password=GOOD_PASSWORD,
        name="ignored",
        phone="139 0000 0001",
        home_library_id=offline.home_library_id,
    )
    assert reader.pk == offline.pk
    assert reader.name == offline.name
    assert reader.user is not None


def test_signup_with_a_desk_card_and_the_wrong_phone_is_refused():
    OfflineReaderFactory(card_number="HZ00000099", phone="13900000001")
    with pytest.raises(CardOwnershipError):
        services.reader_signup(
            card_number="HZ00000099",
            password=GOOD_PASSWORD,
            name="x",
            phone="13900000002",
            home_library_id=LibraryFactory().pk,
        )
    assert Reader.objects.get(card_number="HZ00000099").user is None
    assert User.objects.count() == 0


def test_signup_twice_is_refused_and_changes_nothing():
    reader = ReaderFactory(card_number="HZ00000001")
    with pytest.raises(CardAlreadyRegisteredError):
        services.reader_signup(
            card_number="HZ00000001",
            password=GOOD_PASSWORD,
            name="x",
            phone=reader.phone,
            home_library_id=reader.home_library_id,
        )
    assert Reader.objects.count() == 1 and User.objects.count() == 1


@pytest.mark.parametrize(
    ("card", "password", "field"),
    [
        ("12", GOOD_PASSWORD, "card_number"),
        ("HZ12345678", "123", "password"),
        ("HZ12345678", "password", "password"),
    ],
)
def test_signup_with_bad_fields_names_the_field(card, password, field):
    with pytest.raises(ValidationError) as error:
        services.reader_signup(
            card_number=card,
            password=password,
            name="王芳",
            phone="13800000000",
            home_library_id=LibraryFactory().pk,
        )
    assert error.value.field == field
    assert Reader.objects.count() == 0 and User.objects.count() == 0


def test_reader_edits_own_profile_without_audit():
    reader = ReaderFactory()
    services.reader_update(
        actor=reader.user, reader_id=reader.pk, email="a@example.org", language="en"
    )
    reader.refresh_from_db()
    assert reader.email == "a@example.org"
    assert reader.user.language == "en"
    assert AuditEntry.objects.count() == 0


def test_reader_cannot_change_staff_fields():
    reader = ReaderFactory()
    with pytest.raises(PermissionDeniedError):
        services.reader_update(
            actor=reader.user,
            reader_id=reader.pk,
            status=ReaderStatus.ACTIVE,
            expiry_date=reader.expiry_date,
        )
    with pytest.raises(PermissionDeniedError):
        services.reader_update(actor=reader.user, reader_id=reader.pk, status="suspended")
    assert Reader.objects.get(pk=reader.pk).status == ReaderStatus.ACTIVE


def test_reader_cannot_touch_another_reader():
    me, other = ReaderFactory(), ReaderFactory(name="别人")
    with pytest.raises(PermissionDeniedError):
        services.reader_update(actor=me.user, reader_id=other.pk, name="改掉")
    with pytest.raises(PermissionDeniedError):
        services.reader_export_data(actor=me.user, reader_id=other.pk)
    assert Reader.objects.get(pk=other.pk).name == "别人"


def test_librarian_of_a_sees_and_changes_a_readers_only():
    library_a, library_b = LibraryFactory(), LibraryFactory()
    reader_a, reader_b = (
        ReaderFactory(home_library=library_a),
        ReaderFactory(home_library=library_b, name="乙"),
    )
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library_a)

    assert services.reader_open(actor=librarian, reader_id=reader_a.pk) == reader_a
    services.reader_update(actor=librarian, reader_id=reader_a.pk, status=ReaderStatus.SUSPENDED)

    with pytest.raises(PermissionDeniedError):
        services.reader_open(actor=librarian, reader_id=reader_b.pk)
    with pytest.raises(PermissionDeniedError):
        services.reader_update(actor=librarian, reader_id=reader_b.pk, name="改")
    with pytest.raises(PermissionDeniedError):
        services.reader_erase(actor=librarian, reader_id=reader_b.pk)
    reader_b.refresh_from_db()
    assert (reader_b.name, reader_b.status) == ("乙", ReaderStatus.ACTIVE)

    entries = list(
        AuditEntry.objects.order_by("pk").values_list("action", "subject_id", "fields", "origin")
    )
    assert entries == [
        (AuditAction.READ, str(reader_a.pk), [], ""),
        (AuditAction.CHANGE, str(reader_a.pk), ["status"], ""),
    ]


def test_librarian_cannot_move_a_reader_to_a_library_outside_their_scope():
    library_a, library_b = LibraryFactory(), LibraryFactory()
    reader = ReaderFactory(home_library=library_a)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library_a)
    with pytest.raises(PermissionDeniedError):
        services.reader_update(actor=librarian, reader_id=reader.pk, home_library_id=library_b.pk)
    assert Reader.objects.get(pk=reader.pk).home_library_id == library_a.pk


def test_export_holds_everything_about_the_reader():
    reader = ReaderFactory(card_number="HZ00000042", name="陈静", email="c@example.org")
    data = services.reader_export_data(actor=reader.user, reader_id=reader.pk)
    assert data["reader"]["card_number"] == "HZ00000042"
    assert data["reader"]["name"] == "陈静"
    assert data["reader"]["home_library"]["code"] == reader.home_library.code
    assert data["privacy"] == {
        "keep_reading_history": False,
        "allow_recommendations": False,
        "allow_analytics": True,
        "email_notices": True,
    }
    assert data["account"]["username"] == "HZ00000042"


def test_staff_export_is_audited():
    reader = ReaderFactory()
    admin = staff_with_role(Role.NETWORK_ADMIN)
    services.reader_export_data(actor=admin, reader_id=reader.pk)
    assert list(AuditEntry.objects.values_list("action", "actor_label")) == [
        (AuditAction.EXPORT, admin.username)
    ]


def test_erase_removes_personal_data_and_the_account():
    reader = ReaderFactory(name="刘洋", phone="13800000009", email="l@example.org")
    user_pk = reader.user.pk
    services.reader_erase(actor=reader.user, reader_id=reader.pk)
    reader.refresh_from_db()
    assert (reader.name, reader.phone, reader.email) == ("", "", "")
    assert reader.card_number == f"ERASED{reader.pk:08d}"
    assert reader.status == ReaderStatus.ERASED and reader.erased_at is not None
    assert not User.objects.filter(pk=user_pk).exists()


def test_reader_list_seen_audits_each_reader_shown():
    readers = ReaderFactory.create_batch(3)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    services.reader_list_seen(actor=admin, readers=readers)
    assert sorted(AuditEntry.objects.values_list("subject_id", flat=True)) == sorted(
        str(r.pk) for r in readers
    )
