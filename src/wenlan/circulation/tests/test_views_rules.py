import pytest
from django.urls import reverse

from conftest import login
from wenlan.circulation.enums import OverdueRule
from wenlan.circulation.models import Policy
from wenlan.circulation.tests.factories import PolicyFactory, network_admin
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_policy_table_saves_all_rows_at_once(client, west):
    admin = network_admin()
    existing = PolicyFactory(loan_days=30)
    login(client, admin)
    page = client.get(reverse("circulation:policy_table"))
    assert page.status_code == 200
    row = {
        "loanable": "on",
        "holds_allowed": "on",
        "max_loans": "10",
        "renewals": "1",
        "renewal_base": "due_date",
        "hold_shelf_days": "7",
        "max_overdue": "1",
        "fine_per_day": "0",
        "fine_cap": "0",
        "suspension_days_per_day": "1",
    }
    data = {
        "p-TOTAL_FORMS": "2",
        "p-INITIAL_FORMS": "1",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
    }
    data.update({f"p-0-{k}": v for k, v in row.items()})
    data.update(
        {
            "p-0-id": existing.pk,
            "p-0-library": "",
            "p-0-reader_category": "",
            "p-0-item_type": "",
            "p-0-loan_days": "28",
            "p-0-overdue_rule": OverdueRule.SUSPENSION,
        }
    )
    data.update({f"p-1-{k}": v for k, v in row.items()})
    data.update(
        {
            "p-1-library": west.pk,
            "p-1-reader_category": "child",
            "p-1-item_type": "",
            "p-1-loan_days": "21",
            "p-1-overdue_rule": OverdueRule.FINE,
            "p-1-fine_per_day": "0.10",
        }
    )
    response = client.post(reverse("circulation:policy_table"), data)
    assert response.status_code == 302
    rows = Policy.objects.values_list("library_id", "reader_category", "loan_days")
    assert sorted(rows, key=lambda r: r[0] or 0) == [(None, "", 28), (west.pk, "child", 21)]


def test_a_branch_librarian_cannot_change_network_rules(client, west, librarian):
    existing = PolicyFactory(loan_days=30)
    from wenlan.circulation.services.blocks import PolicyRow, policy_table_save
    from wenlan.core.errors import PermissionDeniedError

    row = PolicyRow(
        id=existing.pk,
        library_id=None,
        reader_category="",
        item_type="",
        loanable=True,
        loan_days=5,
        max_loans=1,
        renewals=0,
        holds_allowed=True,
        hold_shelf_days=7,
        max_overdue=1,
        overdue_rule="suspension",
        fine_per_day=0,
        fine_cap=0,
        suspension_days_per_day=1,
    )
    with pytest.raises(PermissionDeniedError):
        policy_table_save(actor=librarian, rows=[row])
    existing.refresh_from_db()
    assert existing.loan_days == 30


def _policy_post(page_html: str) -> dict:
    """What a browser sends for the page's form, untouched."""
    import re

    data = {}
    inputs = r'<input type="(?:hidden|number|text)" name="([^"]+)" value="([^"]*)"'
    for name, value in re.findall(inputs, page_html):
        data[name] = value
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page_html):
        data[name] = "on"
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        data[name] = chosen.group(1)
    return data


def test_the_untouched_blank_row_does_not_block_saving(client, west):
    existing = PolicyFactory(loan_days=30)
    login(client, network_admin())
    page = client.get(reverse("circulation:policy_table")).content.decode()
    data = _policy_post(page)
    assert data["p-TOTAL_FORMS"] == "2"
    data["p-0-loan_days"] = "21"
    response = client.post(reverse("circulation:policy_table"), data)
    assert response.status_code == 302
    assert list(Policy.objects.values_list("pk", "loan_days")) == [(existing.pk, 21)]


def test_a_branch_librarian_edits_only_their_librarys_rules(client, west, librarian):
    east = LibraryFactory(code="EAST", name_zh="东馆")
    network = PolicyFactory(loan_days=30)
    own = PolicyFactory(library=west, loan_days=20)
    PolicyFactory(library=east, loan_days=10)
    login(client, librarian)
    page = client.get(reverse("circulation:policy_table")).content.decode()
    data = _policy_post(page)
    assert data["p-TOTAL_FORMS"] == "2"  # their rule and the blank row
    assert data["p-0-id"] == str(own.pk) and data["p-0-library"] == str(west.pk)
    read_only = page[page.index("其他规则（只读）") :]
    assert "<td>全网</td>" in read_only and "<td>东馆</td>" in read_only
    assert '<option value="">全网</option>' not in page
    data["p-0-loan_days"] = "14"
    assert client.post(reverse("circulation:policy_table"), data).status_code == 302
    assert sorted(Policy.objects.values_list("library_id", "loan_days"), key=str) == sorted(
        [(None, 30), (west.pk, 14), (east.pk, 10)], key=str
    )
    network.refresh_from_db()
    assert network.loan_days == 30
