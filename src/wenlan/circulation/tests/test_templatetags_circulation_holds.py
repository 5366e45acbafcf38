import pytest
from django.urls import reverse

from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_the_record_page_asks_a_visitor_to_log_in_to_hold(client, frozen, west):
    item = ItemFactory(library=west)
    record_url = reverse("catalog:record", args=[item.record_id])
    html = client.get(record_url).content.decode()
    assert f'href="{reverse("accounts:login")}?next={record_url}"' in html


def test_no_hold_button_for_a_title_with_no_holdable_copy(client, frozen, west):
    PolicyFactory(item_type="reference", loanable=False)
    item = ItemFactory(library=west, item_type="reference")
    html = client.get(reverse("catalog:record", args=[item.record_id])).content.decode()
    assert "登录后预约" not in html and 'id="hold-h"' not in html
