import pytest

from wenlan.accounts.actors import ApiKeyActor, KioskActor
from wenlan.accounts.enums import Perm
from wenlan.circulation.selectors.readers import reader_desk_open
from wenlan.core.models import AuditEntry
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("narrow", ["api_key", "kiosk"])
def test_a_desk_look_up_by_a_narrowed_actor_is_audited_under_its_user(librarian, west, narrow):
    reader = ReaderFactory(home_library=west)
    if narrow == "api_key":
        actor = ApiKeyActor(user=librarian, scopes=frozenset({Perm.CIRCULATION_DESK}))
    else:
        actor = KioskActor(user=librarian, library_id=west.pk)
    found = reader_desk_open(actor=actor, library_id=west.pk, card_number=reader.card_number)
    assert found.pk == reader.pk
    entry = AuditEntry.objects.get(subject_id=str(reader.pk))
    assert (entry.actor_id, entry.actor_label, entry.fields) == (
        librarian.pk,
        librarian.username,
        ["loans"],
    )
