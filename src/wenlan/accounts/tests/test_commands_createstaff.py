import pytest
from django.core.management import CommandError, call_command

from wenlan.accounts.enums import Role
from wenlan.accounts.models import StaffRole, User
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-17"


def test_a_branch_librarian_is_scoped_to_the_library_named_by_its_code():
    library = LibraryFactory(code="XH")
    call_command(
        "createstaff", "alice", role=Role.BRANCH_LIBRARIAN, library="XH", password=PASSWORD
    )
    role = StaffRole.objects.get(user__username="alice")
    assert (role.role, role.library_id, role.partner_id) == (
        Role.BRANCH_LIBRARIAN,
        library.pk,
        None,
    )


def test_an_event_organiser_is_scoped_to_the_partner_named_by_its_code():
    partner = PartnerFactory(code="TEA")
    call_command("createstaff", "bob", role=Role.EVENT_ORGANISER, partner="TEA", password=PASSWORD)
    role = StaffRole.objects.get(user__username="bob")
    assert (role.role, role.library_id, role.partner_id) == (Role.EVENT_ORGANISER, None, partner.pk)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"role": Role.BRANCH_LIBRARIAN, "library": "NOPE"}, "no library with code 'NOPE'"),
        ({"role": Role.EVENT_ORGANISER, "partner": "NOPE"}, "no partner with code 'NOPE'"),
    ],
)
def test_an_unknown_code_is_refused_and_nobody_is_created(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("createstaff", "carol", password=PASSWORD, **options)
    assert not User.objects.filter(username="carol").exists()
