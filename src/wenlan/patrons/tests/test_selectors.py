import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from wenlan.accounts.tests.factories import UserFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.selectors import reader_for_user
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_reader_for_user_reads_the_reader_and_home_library_at_once(django_assert_num_queries):
    library = LibraryFactory(name_zh="西湖区图书馆")
    reader = ReaderFactory(home_library=library, expiry_date=dt.date(2029, 1, 31))
    with django_assert_num_queries(1):
        found = reader_for_user(user=reader.user)
        assert found.home_library.name_zh == "西湖区图书馆"
    assert (found.pk, found.card_number, found.user_id) == (
        reader.pk,
        reader.card_number,
        reader.user_id,
    )
    assert found.expiry_date == dt.date(2029, 1, 31)
    assert found.allow_analytics is reader.allow_analytics


def test_reader_for_user_without_a_card_or_signed_in(django_assert_num_queries):
    staff = UserFactory()
    with django_assert_num_queries(1):
        assert reader_for_user(user=staff) is None
    with django_assert_num_queries(0):
        assert reader_for_user(user=AnonymousUser()) is None
