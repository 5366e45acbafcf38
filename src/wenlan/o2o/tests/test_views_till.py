from decimal import Decimal

import pytest
from django.urls import reverse

from wenlan.circulation.models import Loan
from wenlan.o2o.models import BookstoreLoan
from wenlan.o2o.tests.conftest import KNOWN_ISBN, NEW_ISBN
from wenlan.o2o.tests.factories import BookstoreLoanFactory, BookstoreRuleFactory

TILL = reverse("o2o:till")


def _lend(client, yuedu, **changes):
    data = {"card": yuedu.reader.card_number, "isbn": NEW_ISBN, "price": "45.00",
            "title": "三体", "author": "刘慈欣"} | changes  # fmt: skip
    return client.post(reverse("o2o:till_lend"), data)


def test_the_clerk_sees_their_stores_till(client, yuedu):
    client.force_login(yuedu.clerk)
    page = client.get(TILL).content.decode()
    assert "悦读收银台 · 晓风书屋" in page
    assert 'name="card"' in page and 'name="isbn"' in page and 'name="price"' in page


def test_a_loan_at_the_till_is_shown_with_its_label(client, yuedu):
    client.force_login(yuedu.clerk)
    response = _lend(client, yuedu)
    assert response.status_code == 302
    line = BookstoreLoan.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert f"已借出《三体》，应还日期 2026-12-25。请在书上贴条码 {line.item.barcode}。" in page
    assert line.item.barcode in page


def test_a_double_scan_at_the_till_is_told(client, yuedu):
    client.force_login(yuedu.clerk)
    _lend(client, yuedu)
    page = client.get(_lend(client, yuedu)["Location"]).content.decode()
    assert "重复扫描：《三体》今天已借给该读者，未再次借出。" in page
    assert Loan.objects.count() == 1


def test_a_refusal_is_shown_plainly_and_keeps_what_was_typed(client, yuedu):
    BookstoreRuleFactory(price_cap=Decimal("30.00"))
    client.force_login(yuedu.clerk)
    response = _lend(client, yuedu)
    assert response.status_code == 409
    page = response.content.decode()
    assert "不能借出：" in page and "定价 45.00 元，超过单册上限 30.00 元。" in page
    assert 'value="刘慈欣"' in page
    assert not Loan.objects.exists()


def test_the_till_in_english(client, yuedu):
    BookstoreRuleFactory(price_cap=Decimal("30.00"))
    yuedu.clerk.language = "en"
    yuedu.clerk.save()
    client.force_login(yuedu.clerk)
    assert "Yuedu till" in client.get(TILL).content.decode()
    response = client.post(
        reverse("o2o:till_lend"),
        {"card": yuedu.reader.card_number, "isbn": KNOWN_ISBN, "price": "45.00"},
    )
    page = response.content.decode()
    assert "Not lent:" in page
    assert "The price, 45.00 yuan, is over the cap of 30.00 yuan." in page


def test_an_unknown_isbn_without_a_title_asks_for_it(client, yuedu):
    client.force_login(yuedu.clerk)
    response = _lend(client, yuedu, title="", author="")
    assert response.status_code == 422
    assert "馆藏目录中没有这个 ISBN，请填写题名和责任者。" in response.content.decode()


def test_a_return_at_the_till(client, yuedu):
    client.force_login(yuedu.clerk)
    _lend(client, yuedu)
    line = BookstoreLoan.objects.get()
    response = client.post(reverse("o2o:till_return"), {"barcode": line.item.barcode})
    page = client.get(response["Location"]).content.decode()
    assert "《三体》已归还。运送至 杭州图书馆" in page


@pytest.mark.parametrize("who", ["librarian", "reader"])
def test_only_clerks_work_a_till(client, yuedu, who):
    user = yuedu.librarian if who == "librarian" else yuedu.reader.user
    client.force_login(user)
    assert client.get(TILL).status_code == 403
    assert _lend(client, yuedu).status_code == 403
    assert not Loan.objects.exists()


def test_the_store_loans_list_shows_only_the_clerks_store(
    client, yuedu, django_assert_max_num_queries
):
    BookstoreLoanFactory(bookstore=yuedu.store, title="三体")
    BookstoreLoanFactory(bookstore=yuedu.other_store, title="活着")
    client.force_login(yuedu.clerk)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("o2o:store_loans")).content.decode()
    assert "三体" in page and "活着" not in page


def test_staff_home_links_the_till_and_the_queue(client, yuedu):
    client.force_login(yuedu.clerk)
    page = client.get(reverse("accounts:staff_home")).content.decode()
    assert TILL in page and reverse("o2o:rule_list") not in page
    client.force_login(yuedu.librarian)
    page = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("o2o:rule_list") in page and reverse("o2o:settlement_list") in page
    assert TILL not in page
