"""The vocabulary of a SIP 2.00 answer: the codes Wenlan's statuses map to, the
reader fields a kiosk may be sent, and how a yes, a date and an amount are written."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from wenlan.catalog.enums import ItemStatus
from wenlan.circulation.enums import CheckinOutcome

CURRENCY = "CNY"
SUPPORTED = "YYYNYYYYYNYNNNYY"  # BX: the messages this server answers
ITEM_STATUS = {
    ItemStatus.AVAILABLE: "03",
    ItemStatus.ON_LOAN: "04",
    ItemStatus.IN_PROCESSING: "06",
    ItemStatus.ON_HOLD_SHELF: "08",
    ItemStatus.IN_TRANSIT: "10",
    ItemStatus.LOST: "12",
    ItemStatus.WITHDRAWN: "01",
    ItemStatus.ORDERED: "01",  # kept for a 悦借 delivery order: "other"
}
SORT_BIN = {
    CheckinOutcome.SHELVE: "1",
    CheckinOutcome.HOLD_SHELF: "2",
    CheckinOutcome.TRANSIT: "3",
    CheckinOutcome.PROCESSING: "4",
    CheckinOutcome.NOTHING: "1",
}

# The reader's personal fields a kiosk may be sent (WENLAN_SIP2_PATRON_FIELDS):
# AE name, BF phone, BE email. Wenlan keeps no postal address (BD).
PATRON_FIELDS = ("name", "phone", "email")

Fields = list[tuple[str, object]]


@dataclass
class Reply:
    code: str
    fixed: str
    fields: Fields = field(default_factory=list)


def yn(value: bool) -> str:
    return "Y" if value else "N"


def iso_date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"
