"""The demo's circulation: a rules matrix (free lending with suspensions, and one
branch that fines for audiovisual items), a self-check kiosk account for SIP2,
and loans, holds and transits across libraries made through the services, some
of them back-dated so that an overdue loan and a waiting hold show. Idempotent:
once the demo loans exist, a second run only reports the credentials."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from wenlan.accounts.enums import Role
from wenlan.accounts.services import staff_create
from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.models import Item
from wenlan.circulation.enums import OverdueRule
from wenlan.circulation.models import Loan, Policy
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans as loan_services
from wenlan.core import clock
from wenlan.core.cache import process_cache_clear
from wenlan.network.models import Library
from wenlan.patrons.models import Reader

KIOSK = "kiosk-hz"
KIOSK_LIBRARY = "HZ"

# library code (None: network-wide), reader category, item type, overrides
POLICIES = [
    (None, "", "", {}),
    (None, "child", "", {"loan_days": 21, "max_loans": 5}),
    (None, "", ItemType.AUDIOVISUAL, {"loan_days": 14, "max_loans": 3, "renewals": 0}),
    (None, "", ItemType.REFERENCE, {"loanable": False, "holds_allowed": False}),
    (None, "", ItemType.RARE, {"loanable": False, "holds_allowed": False}),
    (None, "senior", "", {"loan_days": 45}),
    ("XH", "", ItemType.AUDIOVISUAL, {
        "loan_days": 7, "overdue_rule": OverdueRule.FINE, "fine_per_day": Decimal("0.50"),
        "fine_cap": Decimal("10.00"),
    }),
]  # fmt: skip


def _policies() -> None:
    libraries = {lib.code: lib for lib in Library.objects.all()}
    for code, category, item_type, overrides in POLICIES:
        library = libraries.get(code) if code else None
        if code and library is None:
            continue
        Policy.objects.get_or_create(
            library=library, reader_category=category, item_type=item_type, defaults=overrides
        )
    process_cache_clear()


def _kiosk(password_for) -> dict:
    User = get_user_model()
    password = password_for(KIOSK)
    library = Library.objects.get(code=KIOSK_LIBRARY)
    if not User.objects.filter(username=KIOSK).exists():
        staff_create(
            username=KIOSK,
            password=password,
            first_name="自助借还机",
            roles=[(Role.BRANCH_LIBRARIAN, library.pk, None)],
        )
    return {
        "login": KIOSK,
        "password": password,
        "institution": KIOSK_LIBRARY,
        "location": KIOSK_LIBRARY,
        "host": "127.0.0.1",
        "port": 6001,
    }


def _available(library_code: str, *, exclude: set[int], count: int) -> list[Item]:
    items = (
        Item.objects.filter(
            library__code=library_code, status=ItemStatus.AVAILABLE, item_type=ItemType.BOOK
        )
        .exclude(pk__in=exclude)
        .select_related("record")
        .order_by("pk")
    )
    found, records = [], set()
    for item in items[: count * 4]:
        if item.record_id in records:
            continue
        records.add(item.record_id)
        found.append(item)
        if len(found) == count:
            break
    return found


def _card(readers: list[dict], n: int) -> Reader:
    return Reader.objects.get(card_number=readers[n]["card"])


def _loans_holds_transits(admin, readers: list[dict]) -> None:
    now = clock.now()
    used: set[int] = set()

    def lend(library_code: str, reader: Reader, days_ago: int, count: int = 1) -> list[Item]:
        items = _available(library_code, exclude=used, count=count)
        library = Library.objects.get(code=library_code)
        with clock.freeze(now - dt.timedelta(days=days_ago)):
            for item in items:
                loan_services.loan_checkout(
                    actor=admin,
                    library_id=library.pk,
                    barcode=item.barcode,
                    reader_id=reader.pk,
                    channel="demo",
                )
                used.add(item.pk)
        return items

    li_ming, chen_jing, liu_yang = _card(readers, 1), _card(readers, 2), _card(readers, 3)
    wang_fang, zhou = _card(readers, 0), _card(readers, 6)
    # Loans at two libraries, one of them overdue (and so a block at the desk).
    lend("XH", li_ming, days_ago=5, count=2)
    lend("HZ", liu_yang, days_ago=40)
    # A copy of the central library, borrowed there and returned at Xihu: in transit home.
    for item in lend("HZ", chen_jing, days_ago=12):
        loan_services.loan_checkin(
            actor=admin,
            library_id=Library.objects.get(code="XH").pk,
            barcode=item.barcode,
            channel="demo",
        )
    # Holds on a title on loan at Xihu: 周建国 first (pickup Xiaoshan), then 王芳 (HZ).
    on_loan = Loan.objects.filter(reader=li_ming, returned_at__isnull=True).order_by("pk")
    first, second = list(on_loan[:2])
    hold_services.hold_place(
        actor=admin,
        reader_id=zhou.pk,
        record_id=first.record_id,
        pickup_library_id=Library.objects.get(code="XS").pk,
        library_id=Library.objects.get(code="XS").pk,
        channel="demo",
    )
    hold_services.hold_place(
        actor=admin,
        reader_id=wang_fang.pk,
        record_id=first.record_id,
        pickup_library_id=Library.objects.get(code="HZ").pk,
        library_id=Library.objects.get(code="HZ").pk,
        channel="demo",
    )
    # 李明 returns it at Xihu: trapped for 周建国 and sent to Xiaoshan.
    loan_services.loan_checkin(
        actor=admin,
        library_id=Library.objects.get(code="XH").pk,
        barcode=first.item.barcode,
        channel="demo",
    )
    # A second title for 王芳, returned at the central library: onto its hold shelf.
    hold_services.hold_place(
        actor=admin,
        reader_id=wang_fang.pk,
        record_id=second.record_id,
        pickup_library_id=Library.objects.get(code="HZ").pk,
        library_id=Library.objects.get(code="HZ").pk,
        channel="demo",
    )
    loan_services.loan_checkin(
        actor=admin,
        library_id=Library.objects.get(code="HZ").pk,
        barcode=second.item.barcode,
        channel="demo",
    )


def circulation_demo_load(*, readers: list[dict], password_for) -> dict:
    """`readers` as the demo loader made them ({card, password, library}); returns
    the keys it adds to the credentials file."""
    _policies()
    sip2 = _kiosk(password_for)
    cards = [r["card"] for r in readers]
    already = Loan.objects.filter(reader__card_number__in=cards).exists()
    stocked = Item.objects.filter(library__code__in=["HZ", "XH"], status=ItemStatus.AVAILABLE)
    if len(cards) >= 7 and not already and stocked.count() >= 8:
        admin = get_user_model().objects.get(username="admin")
        _loans_holds_transits(admin, readers)
    first_reader_library = readers[0]["library"] if readers else KIOSK_LIBRARY
    available = _available(first_reader_library, exclude=set(), count=5)
    return {"sip2": sip2, "items_available": [item.barcode for item in available]}
