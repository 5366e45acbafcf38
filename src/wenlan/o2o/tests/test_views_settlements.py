import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from wenlan.o2o.models import BookstoreSettlement
from wenlan.o2o.tests.factories import BookstoreLoanFactory, BookstoreRuleFactory

OCTOBER = dt.date(2026, 10, 1)


def _october(yuedu):
    BookstoreRuleFactory(bookstore=yuedu.store, budget_per_month=Decimal("200.00"))
    for price in ("45.00", "38.50"):
        BookstoreLoanFactory(
            bookstore=yuedu.store, price=Decimal(price), day=dt.date(2026, 10, 9), period=OCTOBER
        )
    BookstoreLoanFactory(bookstore=yuedu.other_store, day=dt.date(2026, 10, 9), period=OCTOBER)
    return reverse("o2o:statement", args=[yuedu.store.pk, "2026-10"])


def test_the_statement_shows_lines_totals_and_budget(client, yuedu, django_assert_max_num_queries):
    url = _october(yuedu)
    client.force_login(yuedu.librarian)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "<dd>2</dd>" in page and "<dd>83.50</dd>" in page and "<dd>41.8%</dd>" in page
    assert "图书馆确认结算" in page and "书店确认结算" not in page


def test_both_sides_accept_the_statement(client, yuedu):
    url = _october(yuedu)
    client.force_login(yuedu.librarian)
    client.post(reverse("o2o:settlement_accept_library", args=[yuedu.store.pk, "2026-10"]))
    client.force_login(yuedu.clerk)
    assert "书店确认结算" in client.get(url).content.decode()
    client.post(reverse("o2o:settlement_accept_store", args=[yuedu.store.pk, "2026-10"]))
    settlement = BookstoreSettlement.objects.get()
    assert (settlement.line_count, settlement.total) == (2, Decimal("83.50"))
    assert (settlement.library_accepted_by, settlement.store_accepted_by) == (
        yuedu.librarian, yuedu.clerk,
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "确认结算" not in page


def test_a_month_not_over_cannot_be_accepted(client, yuedu):
    BookstoreLoanFactory(bookstore=yuedu.store)
    client.force_login(yuedu.clerk)
    response = client.post(
        reverse("o2o:settlement_accept_store", args=[yuedu.store.pk, "2026-11"]), follow=True
    )
    assert "本月尚未结束，月结单要到下月才能确认。" in response.content.decode()
    assert not BookstoreSettlement.objects.exists()


def test_a_clerk_cannot_see_another_stores_statement(client, yuedu):
    _october(yuedu)
    client.force_login(yuedu.other_clerk)
    url = reverse("o2o:statement", args=[yuedu.store.pk, "2026-10"])
    assert client.get(url).status_code == 404
    accept = reverse("o2o:settlement_accept_store", args=[yuedu.store.pk, "2026-10"])
    assert client.post(accept).status_code == 404
    assert not BookstoreSettlement.objects.exists()


def test_the_list_shows_each_stores_months(client, yuedu, django_assert_max_num_queries):
    _october(yuedu)
    client.force_login(yuedu.clerk)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("o2o:settlement_list")).content.decode()
    assert page.count(">2026-10<") == 1


def test_the_excel_export(client, yuedu):
    _october(yuedu)
    client.force_login(yuedu.clerk)
    response = client.get(reverse("o2o:statement_export", args=[yuedu.store.pk, "2026-10"]))
    assert response["Content-Disposition"] == 'attachment; filename="yuedu-BS1-2026-10.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[0][0] == "悦读月结单"
    assert ("笔数", 2) in [row[:2] for row in rows]
    assert ("合计（元）", 83.5) in [row[:2] for row in rows]
