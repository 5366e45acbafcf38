import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import UserFactory, staff_with_role
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import CardNotActiveError, EcardExpiredError, EcardInvalidError
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import (
    card_number_resolve,
    reader_count,
    reader_for_user,
    reader_search,
    readers_allowing_analytics,
)
from wenlan.patrons.tests.factories import OfflineReaderFactory, ReaderFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_reader_for_user_reads_the_reader_and_home_library_at_once(django_assert_num_queries):
    library = LibraryFactory(name_zh="西湖区图书馆")
    reader = ReaderFactory(home_library=library, expiry_date=dt.date(2029, 1, 31))
    user = User.objects.get(pk=reader.user_id)
    with django_assert_num_queries(1):
        found = reader_for_user(user=user)
        assert found.home_library.name_zh == "西湖区图书馆"
    assert (found.pk, found.card_number, found.user_id) == (
        reader.pk,
        reader.card_number,
        reader.user_id,
    )
    assert found.expiry_date == dt.date(2029, 1, 31)
    assert found.allow_analytics is reader.allow_analytics


def test_reader_for_user_without_a_card_or_signed_in(django_assert_num_queries):
    staff = User.objects.get(pk=UserFactory().pk)
    with django_assert_num_queries(1):
        assert reader_for_user(user=staff) is None
    with django_assert_num_queries(0):
        assert reader_for_user(user=AnonymousUser()) is None


def test_a_signed_in_user_comes_with_their_reader(client, django_assert_num_queries):
    from wenlan.patrons.auth import UserWithReaderBackend

    reader = ReaderFactory(home_library=LibraryFactory(name_zh="上城区图书馆"))
    staff = UserFactory()
    backend = UserWithReaderBackend()
    with django_assert_num_queries(1):
        user = backend.get_user(reader.user_id)
    with django_assert_num_queries(0):
        assert reader_for_user(user=user).pk == reader.pk
        assert user.reader.home_library.name_zh == "上城区图书馆"
        assert user.reader.user is user
    with django_assert_num_queries(1):
        user = backend.get_user(staff.pk)
    with django_assert_num_queries(0):
        assert reader_for_user(user=user) is None
        assert not hasattr(user, "reader")  # DoesNotExist, without a query
    assert backend.get_user(999_999) is None
    staff.is_active = False
    staff.save()
    assert backend.get_user(staff.pk) is None


def test_reader_count_counts_every_reader():
    before = reader_count()
    ReaderFactory.create_batch(3)
    assert reader_count() == before + 3


# --- card_number_resolve: what a desk, a kiosk or a door scanned -------------------

ECARD_NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _ecard(reader, at=ECARD_NOW) -> str:
    with clock.freeze(at):
        return ecard_issue(reader=reader).token


def _resolve(presented: str, at=ECARD_NOW) -> str:
    with clock.freeze(at):
        return card_number_resolve(presented=presented)


def test_a_card_number_is_taken_as_it_is_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _resolve("  HZ00000001 ") == "HZ00000001"
        assert _resolve("nobody-has-this") == "nobody-has-this"


def test_a_valid_ecard_gives_its_readers_card_number_in_one_query(
    settings, django_assert_num_queries
):
    settings.WENLAN_ECARD_SECONDS = 60
    reader = ReaderFactory(card_number="HZ00000001")
    token = _ecard(reader)
    with django_assert_num_queries(1):
        assert _resolve(token) == "HZ00000001"
    assert _resolve(f" {token}\n") == "HZ00000001"  # as a scanner may send it
    assert _resolve(token, ECARD_NOW + dt.timedelta(seconds=60)) == "HZ00000001"
    with pytest.raises(EcardExpiredError):
        _resolve(token, ECARD_NOW + dt.timedelta(seconds=61))


def test_an_ecard_is_refused_once_the_card_is_suspended_or_expired():
    reader = ReaderFactory()
    token = _ecard(reader)
    Reader.objects.filter(pk=reader.pk).update(status=ReaderStatus.SUSPENDED)
    with pytest.raises(CardNotActiveError, match="读者证已暂停使用。"):
        _resolve(token)
    Reader.objects.filter(pk=reader.pk).update(
        status=ReaderStatus.ACTIVE, expiry_date=dt.date(2026, 11, 24)
    )
    with pytest.raises(CardNotActiveError, match="2026-11-24"):
        _resolve(token)


def test_an_ecard_of_an_erased_or_unknown_reader_is_invalid():
    reader = ReaderFactory()
    token = _ecard(reader)
    Reader.objects.filter(pk=reader.pk).update(
        status=ReaderStatus.ERASED, erased_at=ECARD_NOW, user=None
    )
    with pytest.raises(EcardInvalidError):
        _resolve(token)
    Reader.objects.filter(pk=reader.pk).delete()
    with pytest.raises(EcardInvalidError):
        _resolve(token)


@pytest.mark.parametrize(
    ("presented", "error"),
    [
        ("HZ\x0000001", NotFoundError),
        ("A" * 41, NotFoundError),
        ("A" * 10_000_000, NotFoundError),
        ("WLE1." + "A" * 10_000_000, EcardInvalidError),
        ("WLE1.1.1xW2Ii." + "A" * 43, EcardInvalidError),
    ],
)
def test_what_cannot_be_a_card_or_an_ecard_is_refused_without_a_query(
    presented, error, django_assert_num_queries
):
    with django_assert_num_queries(0), pytest.raises(error):
        _resolve(presented)


def test_staff_find_a_reader_by_their_ecard():
    reader = ReaderFactory(card_number="HZ00000009", name="林和靖")
    ReaderFactory(name="林和靖")
    staff = staff_with_role(Role.NETWORK_ADMIN)
    with clock.freeze(ECARD_NOW):
        found = list(reader_search(actor=staff, query=ecard_issue(reader=reader).token))
    assert found == [reader]
    with pytest.raises(EcardExpiredError):
        reader_search(actor=staff, query=_ecard(reader, ECARD_NOW - dt.timedelta(minutes=5)))


def test_readers_allowing_analytics_are_listed_with_their_library_by_id():
    allows = OfflineReaderFactory()
    OfflineReaderFactory(allow_analytics=False)
    OfflineReaderFactory(status=ReaderStatus.ERASED, user=None, erased_at="2026-01-02T00:00Z")
    also = OfflineReaderFactory()
    assert list(readers_allowing_analytics(batch_size=1)) == [
        (allows.pk, allows.home_library_id), (also.pk, also.home_library_id),
    ]  # fmt: skip
