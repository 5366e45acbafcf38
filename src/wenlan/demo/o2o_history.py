"""Three months of 悦读 before last month's, for the insights dashboard's O2O figure:
each month twelve readers of the year of reading (cards HZY…) borrowed a new book at
one of the two partner bookstores, brought it back to the central library within
the month, and it joined the collection once processed; both sides accepted each
month's statement. Twelve readers a month is enough for the figure to show its bars
(a cell must cover at least 10 readers). Every step goes through the services, at
its own time. After the year of reading (its readers) and the 悦读 demo (the
stores); idempotent: once the history's loans exist, nothing."""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.services.brief import item_processing_done, record_brief_complete
from wenlan.circulation.errors import LoanLimitError, ReaderBlockedError
from wenlan.circulation.services.loans import loan_checkin
from wenlan.core import clock
from wenlan.network.models import Library
from wenlan.o2o.enums import SettlementSide
from wenlan.o2o.models import Bookstore, BookstoreLoan
from wenlan.o2o.policies import period_start
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create
from wenlan.o2o.services.settlements import settlement_accept
from wenlan.patrons.models import Reader

MONTHS = 3  # before last month's (which the 悦读 demo makes)
READERS_A_MONTH = 12
CARD_PREFIX = "HZY"
# ISBN (its first 12 digits), title, author, publisher, price, CLC; each is published
# the year it is sold (悦读 takes only recent books)
TITLES = [
    ("978753219796", "太白金星有点烦", "马伯庸", "湖南文艺出版社", "49.80", "I247.5"),
    ("978753219797", "宝水", "乔叶", "北京十月文艺出版社", "59.00", "I247.5"),
    ("978753219798", "雪山大地", "杨志军", "作家出版社", "68.00", "I247.5"),
    ("978753219799", "千里江山图", "孙甘露", "上海文艺出版社", "56.00", "I247.5"),
    ("978753219800", "本巴", "刘亮程", "译林出版社", "52.00", "I247.5"),
    ("978753219801", "我的母亲做保洁", "张小满", "浙江文艺出版社", "45.00", "I251"),
    ("978753219802", "文城", "余华", "北京十月文艺出版社", "59.00", "I247.5"),
    ("978753219803", "额尔古纳河右岸", "迟子建", "人民文学出版社", "45.00", "I247.5"),
    ("978753219804", "人世间（上）", "梁晓声", "中国青年出版社", "69.00", "I247.5"),
    ("978753219805", "西湖梦寻（注评本）", "张岱", "浙江古籍出版社", "38.00", "I264.8"),
    ("978753219806", "运河边的杭州", "陈述", "杭州出版社", "48.00", "K295.51"),
    ("978753219807", "良渚：文明的曙光", "刘斌", "浙江人民出版社", "58.00", "K872.55"),
]  # fmt: skip
STORES = [("XINHUA-QJ", "clerk-xinhua"), ("XIAOFENG", "clerk-xiaofeng")]
LIBRARIAN = "librarian-hz"


def isbn13(first12: str) -> str:
    """`first12` with its check digit."""
    total = sum(int(d) * (3 if n % 2 else 1) for n, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def _month_starts(today: dt.date) -> list[dt.date]:
    """The first days of the MONTHS months before last month, oldest first."""
    starts, first = [], period_start(today)
    for _ in range(MONTHS + 1):
        first = period_start(first - dt.timedelta(days=1))
        starts.append(first)
    return sorted(starts[1:])


def _lend_and_return(*, month: dt.date, readers, stores, clerks, librarian, hz, rng) -> list:
    """The month's loans: each reader one book (each title once a month), lent
    between the 3rd and the 15th at a store, back at the central library 7 to 11
    days later. Returns (copy, its title's CLC class) of each."""
    zone = ZoneInfo(settings.TIME_ZONE)
    titles = rng.sample(TITLES, len(TITLES))
    copies = []
    for reader, (first12, title, author, publisher, price, clc) in zip(
        readers, titles, strict=False
    ):
        code, _username = rng.choice(STORES)
        lent = dt.datetime(month.year, month.month, rng.randint(3, 15), rng.randint(10, 20),
                           rng.randint(0, 59), tzinfo=zone)  # fmt: skip
        try:
            with clock.freeze(lent):
                result = bookstore_loan_create(
                    actor=clerks[code],
                    store_id=stores[code].library_id,
                    sale=TillSale(
                        card=reader.card_number,
                        isbn=isbn13(first12),
                        price=Decimal(price),
                        title=title,
                        author=author,
                        publisher=publisher,
                        year=month.year,
                    ),  # fmt: skip
                )
        except (ReaderBlockedError, LoanLimitError):
            continue  # the rules said no that day: the reader left without a book
        with clock.freeze(lent + dt.timedelta(days=rng.randint(7, 11))):
            loan_checkin(actor=librarian, library_id=hz.pk, barcode=result.loan.item.barcode)
        copies.append((result.loan.item, clc))
    return copies


def _processed(copies, *, month: dt.date) -> None:
    """On the 28th the cataloguers completed each new title's record and put the
    copies on the shelf."""
    zone = ZoneInfo(settings.TIME_ZONE)
    with clock.freeze(dt.datetime(month.year, month.month, 28, 15, tzinfo=zone)):
        for item, clc in copies:
            record = item.record
            if not record.clc:
                record_brief_complete(
                    actor=SYSTEM, record_id=record.pk, title=record.title,
                    author=record.first_author, publisher=record.publisher, year=record.year,
                    clc=clc, subjects=[],
                )  # fmt: skip
            item_processing_done(actor=SYSTEM, item_id=item.pk)


def _statements_accept(month: dt.date, *, stores, clerks, librarian) -> None:
    for code, _username in STORES:
        if not BookstoreLoan.objects.filter(bookstore=stores[code], period=month).exists():
            continue
        for actor, side in (
            (librarian, SettlementSide.LIBRARY),
            (clerks[code], SettlementSide.STORE),
        ):
            settlement_accept(
                actor=actor, store_id=stores[code].library_id, period=month, side=side
            )


def o2o_history_demo_load() -> int:
    """Returns how many loans it made (0 on a second run)."""
    months = _month_starts(clock.today())
    stores = {code: Bookstore.objects.filter(library__code=code).first() for code, _u in STORES}
    if None in stores.values() or BookstoreLoan.objects.filter(period=months[0]).exists():
        return 0
    User = get_user_model()
    clerks = {code: User.objects.get(username=username) for code, username in STORES}
    librarian = User.objects.get(username=LIBRARIAN)
    hz = Library.objects.get(code="HZ")
    year_readers = Reader.objects.filter(card_number__startswith=CARD_PREFIX, allow_analytics=True)
    rng = random.Random(20260901)
    lent = 0
    for month in months:
        # Readers registered before the month (a quarter of them joined during the year).
        cards = list(
            year_readers.filter(registered_on__lt=month)
            .order_by("card_number")
            .values_list("card_number", flat=True)
        )
        chosen = rng.sample(cards, min(READERS_A_MONTH, len(cards)))
        readers = list(Reader.objects.filter(card_number__in=chosen).order_by("card_number"))
        copies = _lend_and_return(
            month=month, readers=readers, stores=stores, clerks=clerks, librarian=librarian,
            hz=hz, rng=rng,
        )  # fmt: skip
        _processed(copies, month=month)
        _statements_accept(month, stores=stores, clerks=clerks, librarian=librarian)
        lent += len(copies)
    return lent
