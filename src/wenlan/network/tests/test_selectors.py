import pytest

from wenlan.network.selectors import library_by_code, library_count, library_list_by_code
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_library_by_code_finds_a_closed_library_only_when_asked_to(django_assert_num_queries):
    open_one = LibraryFactory(code="XH")
    closed = LibraryFactory(code="GS", is_active=False)
    with django_assert_num_queries(1):
        assert library_by_code(code="XH", active_only=True) == open_one
    assert library_by_code(code="GS") == closed
    assert library_by_code(code="GS", active_only=True) is None
    assert library_by_code(code="NONE") is None


def test_library_list_by_code_keeps_to_the_scope_in_code_order():
    zj, gs, xh = LibraryFactory(code="ZJ"), LibraryFactory(code="GS"), LibraryFactory(code="XH")
    xh_closed = LibraryFactory(code="XC", is_active=False)
    mine = {zj.pk, xh.pk, xh_closed.pk}
    assert list(library_list_by_code(scope=mine)) == [xh_closed, xh, zj]
    assert list(library_list_by_code(scope=mine, active_only=True)) == [xh, zj]
    assert list(library_list_by_code(scope=set())) == []
    everyone = list(library_list_by_code(scope=None))
    assert [lib for lib in everyone if lib in {zj, gs, xh, xh_closed}] == [gs, xh_closed, xh, zj]
    assert [lib.code for lib in everyone] == sorted(lib.code for lib in everyone)


def test_library_count_counts_closed_libraries_too():
    before = library_count()
    LibraryFactory()
    LibraryFactory(is_active=False)
    assert library_count() == before + 2
