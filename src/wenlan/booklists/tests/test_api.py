import pytest
from django.urls import reverse

from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.models import BookListItem
from wenlan.booklists.tests.factories import BookListFactory, BookListItemFactory, published_list

pytestmark = pytest.mark.django_db


def test_the_published_lists_and_one_list(client, django_assert_num_queries):
    book_list = published_list(books=2)
    BookListItem.objects.filter(book_list=book_list, position=2).update(note_en="Read it")
    BookListFactory()  # a draft
    with django_assert_num_queries(1):
        response = client.get("/api/booklists/")
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["id"], row["books"], row["title_en"]) == (book_list.pk, 2, book_list.title_en)
    assert row["url"].endswith(reverse("booklists:public_detail", args=[book_list.pk]))
    with django_assert_num_queries(4):
        detail = client.get(f"/api/booklists/{book_list.pk}").json()
    second = BookListItem.objects.get(book_list=book_list, position=2).record_id
    assert [b["position"] for b in detail["books"]] == [1, 2]
    assert detail["books"][1] | {} == detail["books"][1]
    assert detail["books"][1]["record_id"] == second
    assert detail["books"][1]["note_en"] == "Read it"
    assert (detail["books"][1]["copies"], detail["books"][1]["available"]) == (1, 1)
    assert detail["books"][1]["hold_url"] == reverse("circulation:my_hold_place", args=[second])


@pytest.mark.parametrize("status", [BookListStatus.DRAFT, BookListStatus.WITHDRAWN])
def test_a_draft_or_withdrawn_list_is_not_found(client, status):
    book_list = BookListFactory(status=status)
    BookListItemFactory(book_list=book_list)
    response = client.get(f"/api/booklists/{book_list.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "booklist_not_found"
    assert client.get("/api/booklists/99999999999999999999").status_code == 422
