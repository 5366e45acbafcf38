from decimal import Decimal

from django.urls import reverse

from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.models import Bookstore, BookstoreRule

RULE = {
    "monthly_limit": 3,
    "max_age_years": 1,
    "price_cap": "60.00",
    "max_network_copies": 4,
    "excluded_clc": "G63",
    "excluded_keywords": "教辅",
    "budget_per_month": "5000.00",
}


def test_a_librarian_sets_a_stores_rules(client, yuedu):
    client.force_login(yuedu.librarian)
    url = reverse("o2o:rule_edit_store", args=[yuedu.store.pk])
    assert client.post(url, RULE).status_code == 302
    rule = BookstoreRule.objects.get()
    assert (rule.bookstore, rule.monthly_limit, rule.price_cap) == (
        yuedu.store, 3, Decimal("60.00"),
    )  # fmt: skip
    page = client.get(reverse("o2o:rule_list")).content.decode()
    assert "60.00" in page
    client.post(reverse("o2o:rule_reset_store", args=[yuedu.store.pk]))
    assert not BookstoreRule.objects.exists()


def test_only_the_network_admin_sets_the_networks_rules(client, yuedu, admin_user):
    client.force_login(yuedu.librarian)
    client.post(reverse("o2o:rule_edit_network"), RULE)
    assert not BookstoreRule.objects.exists()
    client.force_login(admin_user)
    client.post(reverse("o2o:rule_edit_network"), RULE)
    assert BookstoreRule.objects.get().bookstore is None


def test_a_bad_rule_is_refused_on_its_field(client, yuedu):
    client.force_login(yuedu.librarian)
    url = reverse("o2o:rule_edit_store", args=[yuedu.store.pk])
    response = client.post(url, RULE | {"price_cap": "0"})
    assert response.status_code == 200
    assert "定价上限须大于零。" in response.content.decode()
    assert not BookstoreRule.objects.exists()


def test_a_partner_bookstore_is_enrolled(client, yuedu):
    library = LibraryFactory(
        code="BS3", kind=LibraryKind.PARTNER_BOOKSTORE, parent=yuedu.central, name_zh="枫林晚"
    )
    client.force_login(yuedu.librarian)
    assert "枫林晚" in client.get(reverse("o2o:rule_list")).content.decode()
    client.post(reverse("o2o:bookstore_enrol", args=[library.pk]))
    assert Bookstore.objects.get(library=library).owner_library == yuedu.central


def test_a_clerk_may_not_change_rules(client, yuedu):
    client.force_login(yuedu.clerk)
    assert client.get(reverse("o2o:rule_list")).status_code == 403
    url = reverse("o2o:rule_edit_store", args=[yuedu.store.pk])
    assert client.post(url, RULE).status_code == 403
    assert not BookstoreRule.objects.exists()
