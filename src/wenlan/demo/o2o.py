"""The demo's 悦读: the two partner bookstores enrolled, the network's rules and one
store's own, the clerks' till API keys, and loans made through the till service
in several states (last month's, returned and in processing, one catalogued into
the collection; this month's, out), with last month's statement accepted by the
library and, at one store, by the store too. Idempotent: once the demo's 悦读 loans
exist, a second run only reports the clerks."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Perm
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_create
from wenlan.catalog.services.brief import item_processing_done, record_brief_complete
from wenlan.circulation.services.loans import loan_checkin
from wenlan.core import clock
from wenlan.network.models import Library
from wenlan.o2o.enums import SettlementSide
from wenlan.o2o.models import Bookstore, BookstoreLoan
from wenlan.o2o.policies import period_start
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create, bookstore_loan_return
from wenlan.o2o.services.rules import RuleValues, bookstore_enrol, bookstore_rule_save
from wenlan.o2o.services.settlements import settlement_accept
from wenlan.patrons.models import Reader

# store code, clerk's username
CLERKS = [("XINHUA-QJ", "clerk-xinhua"), ("XIAOFENG", "clerk-xiaofeng")]

NETWORK_RULE = RuleValues(
    monthly_limit=2,
    max_age_years=2,
    price_cap=Decimal("80.00"),
    max_network_copies=5,
    excluded_clc="G42 G62 G63 G72 G73 H319",
    excluded_keywords="教材 教辅 习题 试题 真题 考试 考研 题库 练习册 辅导",
    budget_per_month=Decimal("20000.00"),
)
XIAOFENG_RULE = RuleValues(**(NETWORK_RULE.__dict__ | {"budget_per_month": Decimal("5000.00")}))

# store, reader card, ISBN, title, author, publisher, year, price; made last month
# (returned: True) or this month.
SALES = [
    ("XINHUA-QJ", "HZ00000001", "9787532197903", "云边有个小卖部", "张嘉佳", "湖南文艺出版社", 2025, "42.00", True),  # noqa: E501
    ("XINHUA-QJ", "HZ00000008", "9787532197910", "长安的荔枝", "马伯庸", "湖南文艺出版社", 2025, "45.00", True),  # noqa: E501
    ("XIAOFENG", "HZ00000009", "9787532197927", "我与地坛（新编）", "史铁生", "人民文学出版社", 2025, "39.80", True),  # noqa: E501
    ("XINHUA-QJ", "HZ00000006", "9787532197934", "The Ministry of Time", "Kaliane Bradley", "Avid Reader Press", 2025, "68.00", False),  # noqa: E501
    ("XIAOFENG", "HZ00000007", "9787532197941", "人生海海（典藏版）", "麦家", "北京十月文艺出版社", 2026, "55.00", False),  # noqa: E501
    ("XINHUA-QJ", "HZ00000010", "9787532197958", "杭州的山水与人文", "王旭烽", "浙江人民出版社", 2026, "58.00", False),  # noqa: E501
]  # fmt: skip


def _clerk_keys(*, password_for, key_for) -> list[dict]:
    User = get_user_model()
    clerks = []
    for code, username in CLERKS:
        user = User.objects.get(username=username)
        key = key_for(username)
        prefix = key.split("_")[1]
        if not ApiKey.objects.filter(prefix=prefix).exists():
            apikey_create(user=user, name=f"{code} till", scopes=[Perm.O2O_TILL], key=key)
        clerks.append(
            {"store": code, "username": username, "password": password_for(username),
             "api_key": key}
        )  # fmt: skip
    return clerks


def _stores() -> dict[str, Bookstore]:
    stores = {}
    for code, _username in CLERKS:
        library = Library.objects.get(code=code)
        stores[code] = bookstore_enrol(actor=SYSTEM, library_id=library.pk)
    bookstore_rule_save(actor=SYSTEM, bookstore_id=None, values=NETWORK_RULE)
    bookstore_rule_save(actor=SYSTEM, bookstore_id=stores["XIAOFENG"].pk, values=XIAOFENG_RULE)
    return stores


def _sales(stores: dict[str, Bookstore]) -> None:
    User = get_user_model()
    clerks = {code: User.objects.get(username=username) for code, username in CLERKS}
    librarian = User.objects.get(username="librarian-hz")
    now = clock.now()
    last_month = period_start(clock.today()) - dt.timedelta(days=20)
    made = []
    for store, card, isbn, title, author, publisher, year, price, earlier in SALES:
        at = now.replace(year=last_month.year, month=last_month.month, day=9) if earlier else now
        with clock.freeze(at):
            result = bookstore_loan_create(
                actor=clerks[store],
                store_id=stores[store].library_id,
                sale=TillSale(
                    card=Reader.objects.get(card_number=card).card_number,
                    isbn=isbn,
                    price=Decimal(price),
                    title=title,
                    author=author,
                    publisher=publisher,
                    year=year,
                ),  # fmt: skip
            )
        made.append((store, result, earlier))
    hz = Library.objects.get(code="HZ")
    returned = [(store, result) for store, result, earlier in made if earlier][:2]
    with clock.freeze(now.replace(year=last_month.year, month=last_month.month, day=20)):
        # One back at the store (to the central library for processing, received
        # there), one back at the central library's desk.
        store, first = returned[0]
        bookstore_loan_return(
            actor=clerks[store], store_id=stores[store].library_id, barcode=first.loan.item.barcode
        )
        for _store, result in returned:
            loan_checkin(actor=librarian, library_id=hz.pk, barcode=result.loan.item.barcode)
    # The cataloguers completed the first record and put its copy on the shelf.
    record = first.line.record
    record_brief_complete(
        actor=SYSTEM, record_id=record.pk, title=record.title, author=record.first_author,
        publisher=record.publisher, year=record.year, clc="I247.57", subjects=["长篇小说"],
    )  # fmt: skip
    item_processing_done(actor=SYSTEM, item_id=first.loan.item_id)
    period = period_start(last_month)
    settlement_accept(
        actor=librarian, store_id=stores["XINHUA-QJ"].library_id, period=period,
        side=SettlementSide.LIBRARY,
    )  # fmt: skip
    settlement_accept(
        actor=clerks["XINHUA-QJ"], store_id=stores["XINHUA-QJ"].library_id, period=period,
        side=SettlementSide.STORE,
    )  # fmt: skip
    settlement_accept(
        actor=librarian, store_id=stores["XIAOFENG"].library_id, period=period,
        side=SettlementSide.LIBRARY,
    )  # fmt: skip


def o2o_demo_load(*, password_for, key_for) -> dict:
    stores = _stores()
    if not BookstoreLoan.objects.exists():
        _sales(stores)
    return {"bookstore_clerks": _clerk_keys(password_for=password_for, key_for=key_for)}
