import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.reference.tests.factories import (
    AllianceMemberFactory,
    CategoryServiceLevelFactory,
    QuestionFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/reference/alliancemember/",
    "/admin/reference/categoryservicelevel/",
    "/admin/reference/question/",
    "/admin/reference/questionnote/",
    "/admin/reference/referral/",
]


def test_the_admin_lists(client, desk):
    QuestionFactory(asker=desk.reader)
    ReferralFactory()
    CategoryServiceLevelFactory()
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, username="admin"))
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    member = AllianceMemberFactory()
    assert client.get(f"/admin/reference/alliancemember/{member.pk}/change/").status_code == 200


def test_a_reference_librarian_sees_but_does_not_edit_the_alliance(client, desk):
    client.force_login(desk.librarian)
    assert client.get("/admin/reference/alliancemember/").status_code == 200
    assert client.get("/admin/reference/alliancemember/add/").status_code == 403
    client.force_login(desk.partner_staff)
    assert client.get("/admin/reference/question/").status_code == 403
