import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from wenlan.accounts.tests.factories import UserFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.selectors import reader_count, reader_for_user
from wenlan.patrons.tests.factories import ReaderFactory

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
