"""The pages: the public index and a list's page in both languages (drafts and
withdrawn lists not found, a fixed number of queries), the staff's lists (their
libraries only) and the one-view-per-action edits."""

import json
import re

import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.models import BookList, BookListItem
from wenlan.booklists.tests.factories import BookListFactory, BookListItemFactory, published_list
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_published_lists_newest_first_in_both_languages(client):
    older = published_list(books=1)
    newer = published_list(books=3)
    BookListFactory(title_zh="草稿书单")
    zh = client.get(reverse("booklists:public_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = zh.content.decode()
    assert zh.status_code == 200
    assert body.index(newer.title_zh) < body.index(older.title_zh)
    assert "草稿书单" not in body
    assert "3 本书" in body
    assert reverse("rankings:lists_public") in body
    en = client.get(reverse("booklists:public_list"), HTTP_ACCEPT_LANGUAGE="en")
    body = en.content.decode()
    assert "Reading lists" in body and newer.title_en in body and "3 books" in body


def test_the_index_takes_the_same_queries_for_more_lists(client, django_assert_num_queries):
    published_list(books=1)
    client.get(reverse("booklists:public_list"))  # warm the session and caches
    with django_assert_num_queries(1):
        client.get(reverse("booklists:public_list"))
    published_list(books=2)
    published_list(books=2)
    with django_assert_num_queries(1):
        client.get(reverse("booklists:public_list"))


def test_a_lists_page_with_availability_hold_buttons_and_json_ld(client):
    book_list = published_list(books=2)
    BookListItem.objects.filter(position=1).update(note_zh="好书", note_en="A good book")
    url = reverse("booklists:public_detail", args=[book_list.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200
    assert "1 册在架" in body and "网络共 1 册" in body and "好书" in body
    assert "登录后预约" in body
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "ItemList" and data["numberOfItems"] == 2
    assert data["itemListElement"][0]["item"]["description"] == "好书"
    reader = ReaderFactory()
    reader.user.language = "en"
    reader.user.save(update_fields=["language"])
    client.force_login(reader.user)
    page = client.get(url)
    body = page.content.decode()
    first = BookListItem.objects.get(book_list=book_list, position=1).record_id
    assert reverse("circulation:my_hold_place", args=[first]) in body
    assert "A good book" in body and "Place a hold" in body and "on the shelf" in body


def test_a_lists_page_takes_the_same_queries_for_more_books(client, django_assert_num_queries):
    small, large = published_list(books=1), published_list(books=6)
    client.get(reverse("booklists:public_detail", args=[small.pk]))
    with django_assert_num_queries(4):
        client.get(reverse("booklists:public_detail", args=[small.pk]))
    with django_assert_num_queries(4):
        client.get(reverse("booklists:public_detail", args=[large.pk]))


@pytest.mark.parametrize("status", [BookListStatus.DRAFT, BookListStatus.WITHDRAWN])
def test_drafts_and_withdrawn_lists_are_not_found(client, status):
    book_list = BookListFactory(status=status)
    BookListItemFactory(book_list=book_list)
    response = client.get(reverse("booklists:public_detail", args=[book_list.pk]))
    assert response.status_code == 404


def test_staff_see_the_lists_of_their_libraries(client, django_assert_num_queries):
    hz, sc = LibraryFactory(), LibraryFactory()
    ours = BookListFactory(library=hz, title_zh="本馆书单")
    BookListFactory(library=sc, title_zh="他馆书单")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=hz)
    client.force_login(librarian)
    response = client.get(reverse("booklists:staff_list"))
    body = response.content.decode()
    assert "本馆书单" in body and "他馆书单" not in body
    BookListFactory(library=hz)
    with django_assert_num_queries(5):
        client.get(reverse("booklists:staff_list"))
    librarian.language = "en"
    librarian.save(update_fields=["language"])
    en = client.get(reverse("booklists:staff_list"))
    assert "New list" in en.content.decode()
    librarian.language = "zh-hans"
    librarian.save(update_fields=["language"])
    theirs = BookList.objects.get(title_zh="他馆书单")
    assert client.get(reverse("booklists:staff_edit", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("booklists:staff_edit", args=[ours.pk])).status_code == 200
    home = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("booklists:staff_list") in home


def test_a_librarian_makes_fills_and_publishes_a_list_through_the_pages(client):
    hz = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=hz)
    client.force_login(librarian)
    response = client.post(
        reverse("booklists:staff_new"),
        {"library": hz.pk, "title_zh": "西湖与杭州", "title_en": "West Lake and Hangzhou"},
    )
    book_list = BookList.objects.get()
    edit = reverse("booklists:staff_edit", args=[book_list.pk])
    assert response["Location"] == edit
    refused = client.post(reverse("booklists:staff_publish", args=[book_list.pk]), follow=True)
    assert "书单里还没有书，不能发布。" in refused.content.decode()
    record = record_create(title="西湖梦寻", author="张岱", isbn="9787506365437")
    ItemFactory(record=record, library=hz)
    other = record_create(title="湖山胜概")
    index_rebuild(workers=1)
    client.post(reverse("booklists:staff_book_add", args=[book_list.pk]), {"isbn": "9787506365437"})
    found = client.get(edit, {"q": "湖山"}).content.decode()
    assert "湖山胜概" in found
    client.post(reverse("booklists:staff_book_add", args=[book_list.pk]), {"record": other.pk})
    item = BookListItem.objects.get(record=other)
    client.post(
        reverse("booklists:staff_book_move", args=[book_list.pk, item.pk]), {"direction": "up"}
    )
    client.post(
        reverse("booklists:staff_book_note", args=[book_list.pk, item.pk]),
        {f"n{item.pk}-note_zh": "明代西湖图志", f"n{item.pk}-note_en": ""},
    )
    assert list(
        BookListItem.objects.filter(book_list=book_list).values_list("record_id", "note_zh")
    ) == [(other.pk, "明代西湖图志"), (record.pk, "")]
    client.post(reverse("booklists:staff_publish", args=[book_list.pk]))
    book_list.refresh_from_db()
    assert book_list.status == BookListStatus.PUBLISHED
    bad = client.post(reverse("booklists:staff_book_add", args=[book_list.pk]), {"isbn": "oops"})
    assert bad.status_code == 302
    client.post(reverse("booklists:staff_withdraw", args=[book_list.pk]))
    book_list.refresh_from_db()
    assert book_list.status == BookListStatus.WITHDRAWN


def test_a_reader_cannot_reach_the_staff_pages(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert client.get(reverse("booklists:staff_list")).status_code == 403
    book_list = BookListFactory()
    BookListItemFactory(book_list=book_list)
    assert client.post(reverse("booklists:staff_publish", args=[book_list.pk])).status_code == 403
    book_list.refresh_from_db()
    assert book_list.status == BookListStatus.DRAFT
