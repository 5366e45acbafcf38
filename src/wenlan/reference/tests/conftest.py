import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from wenlan.core import clock
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.reference.tests.factories import (
    AllianceMemberFactory,
    partner_librarian,
    reference_librarian,
)

# A Wednesday, 10:00 in Hangzhou.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen():
    with clock.freeze(NOW):
        yield NOW


@dataclass
class Desk:
    central: object
    reader: Reader
    other_reader: Reader
    librarian: object
    other_librarian: object
    partner: object  # in the alliance
    partner_staff: object
    outsider: object  # a network partner not in the alliance


@pytest.fixture
def desk(db, frozen) -> Desk:
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL, name_zh="杭州图书馆")
    partner = PartnerFactory(code="zjlib", name_zh="浙江图书馆", name_en="Zhejiang Library")
    AllianceMemberFactory(partner=partner)
    return Desk(
        central=central,
        reader=ReaderFactory(home_library=central, card_number="R00000001", email="r@example.org"),
        other_reader=ReaderFactory(home_library=central, card_number="R00000002"),
        librarian=reference_librarian(username="ref1"),
        other_librarian=reference_librarian(username="ref2"),
        partner=partner,
        partner_staff=partner_librarian(partner, username="zjref"),
        outsider=PartnerFactory(code="other", name_zh="某企业"),
    )
