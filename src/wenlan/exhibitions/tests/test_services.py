import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.exhibitions.models import Exhibition
from wenlan.exhibitions.services import exhibition_save, exhibition_set_published
from wenlan.exhibitions.tests.factories import ExhibitionFactory
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_organisers_edit_only_their_exhibitions():
    mine, theirs = PartnerFactory(), PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=mine)
    exhibition = ExhibitionFactory(organiser_library=None, organiser_partner=theirs)
    with pytest.raises(PermissionDeniedError):
        exhibition_set_published(actor=organiser, exhibition_id=exhibition.pk, published=False)
    exhibition.refresh_from_db()
    assert exhibition.is_published
    own = Exhibition(slug="mine", title_zh="我的展览", organiser_partner=mine)
    assert exhibition_save(actor=organiser, exhibition=own).pk
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        exhibition_save(
            actor=librarian, exhibition=Exhibition(slug="x", title_zh="x", organiser_partner=mine)
        )
