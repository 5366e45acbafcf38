"""Lists made, edited, published and withdrawn through the services: who may
(booklists.manage at the list's library), the refusals (each leaves nothing
changed), positions kept dense and unique, and an audit entry per write."""

import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.errors import (
    BookAlreadyListedError,
    BookListEmptyError,
    BookListStatusError,
    BookNotInCatalogError,
)
from wenlan.booklists.models import BookList, BookListItem
from wenlan.booklists.services import items, lists
from wenlan.booklists.tests.factories import BookListFactory, BookListItemFactory
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory, record_create
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def libraries():
    return LibraryFactory(code="HZ"), LibraryFactory(code="SC")


def _positions(book_list) -> list[tuple[int, int]]:
    return list(
        BookListItem.objects.filter(book_list=book_list)
        .order_by("position")
        .values_list("position", "record_id")
    )


def test_a_branch_librarian_makes_a_list_of_their_library(libraries):
    hz, _sc = libraries
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=hz)
    book_list = lists.booklist_create(
        actor=librarian, library_id=hz.pk, title_zh=" 西湖 ", title_en="West Lake"
    )
    assert (book_list.title_zh, book_list.status, book_list.created_by) == (
        "西湖",
        BookListStatus.DRAFT,
        librarian,
    )
    entry = AuditEntry.objects.get(subject_type="booklists.booklist")
    assert (entry.action, entry.subject_id) == ("create", str(book_list.pk))


@pytest.mark.parametrize(
    "role",
    [Role.CATALOGUER, Role.VOLUNTEER_COORDINATOR, Role.ASSESSMENT_OFFICER, Role.RANKING_EXPERT],
)
def test_roles_without_the_right_are_refused(libraries, role):
    hz, _sc = libraries
    actor = staff_with_role(role, library=hz if role == Role.CATALOGUER else None)
    with pytest.raises(PermissionDeniedError):
        lists.booklist_create(actor=actor, library_id=hz.pk, title_zh="西湖")
    assert not BookList.objects.exists()
    assert not AuditEntry.objects.exists()


def test_another_librarys_list_is_out_of_reach(libraries):
    hz, sc = libraries
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=hz)
    with pytest.raises(PermissionDeniedError):
        lists.booklist_create(actor=librarian, library_id=sc.pk, title_zh="西湖")
    theirs = BookListFactory(library=sc, title_zh="他们的")
    BookListItemFactory(book_list=theirs)
    record = RecordFactory()
    for call in (
        lambda: lists.booklist_update(
            actor=librarian,
            list_id=theirs.pk,
            title_zh="改",
            title_en="",
            description_zh="",
            description_en="",
        ),
        lambda: lists.booklist_publish(actor=librarian, list_id=theirs.pk),
        lambda: items.booklist_item_add(actor=librarian, list_id=theirs.pk, record_id=record.pk),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    theirs.refresh_from_db()
    assert (theirs.title_zh, theirs.status) == ("他们的", BookListStatus.DRAFT)
    assert BookListItem.objects.filter(book_list=theirs).count() == 1
    admin = staff_with_role(Role.NETWORK_ADMIN)
    assert lists.booklist_publish(actor=admin, list_id=theirs.pk).status == "published"


def test_a_title_is_required():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(ValidationError):
        lists.booklist_create(actor=admin, library_id=LibraryFactory().pk, title_zh="  ")
    assert not BookList.objects.exists()


def test_books_by_isbn_and_by_record_then_moved_noted_and_removed():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = BookListFactory()
    huozhe = record_create(title="活着", author="余华", isbn="9787506365437")
    santi = record_create(title="三体", author="刘慈欣", isbn="9787536692930")
    third = RecordFactory()
    items.booklist_item_add(actor=admin, list_id=book_list.pk, isbn="978-7-5063-6543-7")
    items.booklist_item_add(actor=admin, list_id=book_list.pk, isbn="7536692935")  # ISBN-10
    items.booklist_item_add(actor=admin, list_id=book_list.pk, record_id=third.pk)
    assert _positions(book_list) == [(1, huozhe.pk), (2, santi.pk), (3, third.pk)]
    with pytest.raises(BookAlreadyListedError):
        items.booklist_item_add(actor=admin, list_id=book_list.pk, isbn="9787506365437")
    with pytest.raises(BookNotInCatalogError):
        items.booklist_item_add(actor=admin, list_id=book_list.pk, isbn="9787020002207")
    with pytest.raises(ValidationError):
        items.booklist_item_add(actor=admin, list_id=book_list.pk, isbn="12345")
    assert len(_positions(book_list)) == 3
    third_item = BookListItem.objects.get(record=third)
    items.booklist_item_move(
        actor=admin, list_id=book_list.pk, item_id=third_item.pk, direction="up"
    )
    assert _positions(book_list) == [(1, huozhe.pk), (2, third.pk), (3, santi.pk)]
    first = BookListItem.objects.get(record=huozhe)
    items.booklist_item_move(actor=admin, list_id=book_list.pk, item_id=first.pk, direction="up")
    assert _positions(book_list)[0] == (1, huozhe.pk)  # already at the top
    items.booklist_item_note(
        actor=admin, list_id=book_list.pk, item_id=first.pk, note_zh="福贵的一生", note_en="A life"
    )
    first.refresh_from_db()
    assert (first.note_zh, first.note_en) == ("福贵的一生", "A life")
    items.booklist_item_remove(actor=admin, list_id=book_list.pk, item_id=first.pk)
    assert _positions(book_list) == [(1, third.pk), (2, santi.pk)]


def test_an_empty_list_is_not_published_and_a_draft_not_withdrawn():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = BookListFactory()
    with pytest.raises(BookListEmptyError):
        lists.booklist_publish(actor=admin, list_id=book_list.pk)
    with pytest.raises(BookListStatusError):
        lists.booklist_withdraw(actor=admin, list_id=book_list.pk)
    book_list.refresh_from_db()
    assert (book_list.status, book_list.published_at) == (BookListStatus.DRAFT, None)
    assert not AuditEntry.objects.exists()


def test_published_withdrawn_and_published_again():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = BookListFactory()
    BookListItemFactory(book_list=book_list)
    lists.booklist_publish(actor=admin, list_id=book_list.pk)
    with pytest.raises(BookListStatusError):
        lists.booklist_publish(actor=admin, list_id=book_list.pk)
    lists.booklist_withdraw(actor=admin, list_id=book_list.pk)
    book_list.refresh_from_db()
    assert book_list.status == BookListStatus.WITHDRAWN
    lists.booklist_publish(actor=admin, list_id=book_list.pk)
    book_list.refresh_from_db()
    assert book_list.status == BookListStatus.PUBLISHED and book_list.published_at
    assert AuditEntry.objects.filter(subject_type="booklists.booklist").count() == 3


def test_a_draft_from_a_topic_holds_its_books_on_a_shelf_first():
    hz = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=hz)
    lent_out = RecordFactory(title="宋史", clc="K244", clc_top="K", borrow_count=50)
    on_shelf = RecordFactory(title="南宋临安", clc="K295", clc_top="K", borrow_count=5)
    RecordFactory(title="小说", clc="I247", clc_top="I", borrow_count=90)
    ItemFactory(record=lent_out, library=hz, status="on_loan")
    ItemFactory(record=on_shelf, library=hz)
    index_rebuild(workers=1)
    book_list = lists.booklist_draft_from_topic(
        actor=librarian,
        library_id=hz.pk,
        topic_kind="clc",
        topic_key="K",
        topic_zh="K 历史、地理",
        topic_en="K History and geography",
        evidence_zh="借出 12 册次",
        evidence_en="12 loans",
    )
    assert book_list.status == BookListStatus.DRAFT
    assert book_list.title_zh == "主题书单：K 历史、地理"
    assert book_list.title_en == "Reading list: K History and geography"
    assert "借出 12 册次" in book_list.description_zh
    assert "12 loans" in book_list.description_en
    assert book_list.origin == "planning suggestion (CLC K): 12 loans"
    assert _positions(book_list) == [(1, on_shelf.pk), (2, lent_out.pk)]


def test_a_draft_from_a_word(libraries):
    hz, sc = libraries
    admin = staff_with_role(Role.NETWORK_ADMIN)
    record = record_create(title="宋韵杭州", subjects=("宋韵",))
    ItemFactory(record=record, library=hz)
    record_create(title="三体", publisher="宋韵出版社")  # found by the search, not about it
    index_rebuild(workers=1)
    book_list = lists.booklist_draft_from_topic(
        actor=admin,
        library_id=sc.pk,
        topic_kind="word",
        topic_key="宋韵",
        topic_zh="宋韵",
        topic_en="宋韵",
        evidence_zh="",
        evidence_en="",
    )
    assert _positions(book_list) == [(1, record.pk)]
    with pytest.raises(ValidationError):
        lists.booklist_draft_from_topic(
            actor=admin, library_id=sc.pk, topic_kind="other", topic_key="x", topic_zh="x",
            topic_en="x", evidence_zh="", evidence_en="",
        )  # fmt: skip
    assert BookList.objects.count() == 1
