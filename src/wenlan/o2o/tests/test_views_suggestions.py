"""悦购 pages: the reader's on a phone, the acquisitions staff's queue and order list."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.models import PurchaseSuggestion
from wenlan.o2o.services.suggestions import SuggestionIn, suggestion_accept, suggestion_create
from wenlan.o2o.tests.conftest import KNOWN_ISBN, NEW_ISBN
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(frozen):
    hz = LibraryFactory(code="HZ", name_zh="杭州图书馆")
    return {
        "hz": hz,
        "reader": ReaderFactory(home_library=hz, card_number="R0001"),
        "buyer": staff_with_role(Role.ACQUISITIONS_LIBRARIAN, library=hz, username="buyer"),
    }


def test_the_account_page_links_to_suggestions_and_hand_on(client, world):
    client.force_login(world["reader"].user)
    html = client.get(reverse("patrons:me")).content.decode()
    assert reverse("o2o:my_suggestions") in html and reverse("o2o:handon_home") in html


def test_a_held_isbn_is_shown_with_a_hold_button(client, world):
    record = record_create(title="红楼梦", author="曹雪芹", isbn=KNOWN_ISBN)
    ItemFactory(record=record, library=world["hz"])
    client.force_login(world["reader"].user)
    html = client.get(reverse("o2o:my_suggestions"), {"isbn": KNOWN_ISBN}).content.decode()
    assert "馆藏中已有这本书" in html
    assert reverse("circulation:my_hold_place", args=[record.pk]) in html
    response = client.post(reverse("o2o:my_suggestions"), {"isbn": KNOWN_ISBN, "title": ""})
    assert response.status_code == 200 and "馆藏中已有这本书" in response.content.decode()
    assert not PurchaseSuggestion.objects.exists()


def test_the_reader_suggests_and_sees_it(client, world):
    client.force_login(world["reader"].user)
    html = client.get(reverse("o2o:my_suggestions"), {"isbn": NEW_ISBN}).content.decode()
    assert "馆藏目录中没有找到这本书，可以荐购。" in html
    response = client.post(
        reverse("o2o:my_suggestions"), {"isbn": NEW_ISBN, "title": "三体", "author": "刘慈欣"}
    )
    assert response["Location"] == reverse("o2o:my_suggestions")
    html = client.get(reverse("o2o:my_suggestions")).content.decode()
    assert "已收到您的荐购" in html and "三体" in html and "待处理" in html


def test_the_queue_accept_decline_and_orders(client, world, django_assert_max_num_queries):
    reader = world["reader"]
    first = suggestion_create(
        actor=reader.user, suggestion=SuggestionIn(isbn=NEW_ISBN, title="三体")
    )
    second = suggestion_create(actor=reader.user, suggestion=SuggestionIn(title="无 ISBN 的书"))
    client.force_login(world["buyer"])
    with django_assert_max_num_queries(12):
        html = client.get(reverse("o2o:suggestion_queue")).content.decode()
    assert "三体" in html and "无 ISBN 的书" in html and "待处理 (2)" in html
    client.post(reverse("o2o:suggestion_accept", args=[first.pk]))
    client.post(reverse("o2o:suggestion_decline", args=[second.pk]), {"reason": "已绝版"})
    statuses = dict(PurchaseSuggestion.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "declined"}
    client.get(reverse("o2o:suggestion_queue"))  # shows the messages
    html = client.get(reverse("o2o:suggestion_orders")).content.decode()
    assert "三体" in html and "无 ISBN 的书" not in html and "书目 1 种" in html
    export = client.get(reverse("o2o:suggestion_orders_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[3][:5] == ["HZ", NEW_ISBN, "三体", None, None]


def test_receive_from_the_queue(client, world):
    s = suggestion_create(
        actor=world["reader"].user, suggestion=SuggestionIn(isbn=NEW_ISBN, title="三体")
    )
    suggestion_accept(actor=world["buyer"], suggestion_id=s.pk)
    client.force_login(world["buyer"])
    response = client.post(reverse("o2o:suggestion_receive", args=[s.pk]), {"barcode": "HZ9001"})
    assert response["Location"] == reverse("o2o:suggestion_queue") + "?status=accepted"
    html = client.get(response["Location"]).content.decode()
    assert "《三体》已入藏，并已为荐购读者预约。" in html
    s.refresh_from_db()
    assert s.status == "received" and s.hold is not None


def test_english_reader_page_has_no_chinese_interface_text(client, world):
    from tests.test_english_pages import _Page

    reader = world["reader"]
    reader.language = reader.user.language = "en"
    reader.save()
    reader.user.save()
    suggestion_create(actor=reader.user, suggestion=SuggestionIn(isbn=NEW_ISBN, title="Dune"))
    client.force_login(reader.user)
    html = client.get(reverse("o2o:my_suggestions"), {"isbn": NEW_ISBN, "title": "Dune"}).content
    page = _Page(check_title=True)
    page.feed(html.decode())
    assert page.leaks == []
    assert "The catalog does not have this book" in html.decode()
