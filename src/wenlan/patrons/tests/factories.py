import datetime as dt

import factory

from wenlan.accounts.tests.factories import UserFactory
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.models import Reader


class ReaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reader

    card_number = factory.Sequence(lambda n: f"T{n:09d}")
    name = factory.Sequence(lambda n: f"读者{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    home_library = factory.SubFactory(LibraryFactory)
    registered_on = dt.date(2026, 1, 1)
    expiry_date = dt.date(2029, 1, 1)
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..card_number"))


class OfflineReaderFactory(ReaderFactory):
    """A card issued at a desk, with no online account yet."""

    user = None


def ecard_token(reader: Reader, *, seconds_ago: int = 0) -> str:
    """What `reader`'s e-card QR code holds, issued `seconds_ago` before now
    (`core.clock`, frozen or not)."""
    with clock.freeze(clock.now() - dt.timedelta(seconds=seconds_ago)):
        return ecard_issue(reader=reader).token
