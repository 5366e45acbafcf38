"""China Reading demo: member libraries in three other provinces (a provincial
centre reporting for several libraries), the bookstore xinhua-hz (sales) and a
publisher (new titles) send feeds for the last three complete months; the network
feeds its own loans from the analytics export; the last month is ranked. Each
source gets a staff account and an API key. Idempotent: a month's demo file is
loaded once, and the ranking computed once per period."""

import datetime as dt
import io

from django.contrib.auth import get_user_model

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_create, staff_create
from wenlan.core import clock
from wenlan.network.enums import PartnerKind
from wenlan.network.models import Partner
from wenlan.network.services import partner_upsert
from wenlan.rankings.enums import FeedKind
from wenlan.rankings.models import FeedSource, FeedUpload, RankingRun
from wenlan.rankings.network import NETWORK_SOURCE, network_feed_load
from wenlan.rankings.ranking import ranking_compute
from wenlan.rankings.services import feed_upload

PARTNERS = [
    ("sh-library", "上海图书馆", "Shanghai Library", PartnerKind.OTHER),
    ("gd-library", "广东省立中山图书馆", "Sun Yat-sen Library of Guangdong", PartnerKind.OTHER),
    ("sc-library", "四川省图书馆", "Sichuan Library", PartnerKind.OTHER),
    ("rw-press", "人民文学出版社", "People's Literature Publishing House", PartnerKind.COMPANY),
]
# code, name, kind, partner, the libraries it reports for (code, province)
SOURCES = [
    (
        "sh-library",
        "上海图书馆",
        FeedKind.LOANS,
        "sh-library",
        [("SH01", "上海"), ("SH02", "上海"), ("SH03", "上海")],
    ),
    (
        "gd-library",
        "广东省立中山图书馆（全省）",
        FeedKind.LOANS,
        "gd-library",
        [("GD01", "广东"), ("GD02", "广东"), ("GD-SZ", "广东")],
    ),
    (
        "sc-library",
        "四川省图书馆",
        FeedKind.LOANS,
        "sc-library",
        [("SC01", "四川"), ("SC02", "四川")],
    ),
    ("xinhua-hz", "杭州新华书店", FeedKind.SALES, "xinhua-hz", []),
    ("rw-press", "人民文学出版社", FeedKind.TITLES, "rw-press", []),
]
# title, author, CLC, ISBN prefixes (12 digits: the check digit is computed), popularity
BOOKS = [
    ("活着", "余华", "I247.57", ["978750636543", "978753025209"], 9),
    ("三体", "刘慈欣", "I247.55", ["978753669293", "978722903093"], 10),
    ("平凡的世界", "路遥", "I247.57", ["978753027039", "978702010247", "978750633427"], 8),
    ("人类简史", "尤瓦尔·赫拉利", "K02", ["978750864129"], 7),
    ("万历十五年", "黄仁宇", "K248.3", ["978710801304"], 6),
    ("乡土中国", "费孝通", "C912.82", ["978702013911"], 6),
    ("时间简史", "史蒂芬·霍金", "P159", ["978753573234"], 5),
    ("小王子", "圣埃克苏佩里", "I565.88", ["978702009201"], 7),
    ("窗边的小豆豆", "黑柳彻子", "I287.8", ["978754420547"], 8),
    ("苏东坡传", "林语堂", "K825.6", ["978754240853"], 5),
    ("文化苦旅", "余秋雨", "I266", ["978753541658"], 4),
    ("家常菜谱", "某厨", "TS972.12", ["978753049988"], 4),
]


def _isbn(prefix: str) -> str:
    digits = list(map(int, prefix))
    check = (10 - (sum(digits[0::2]) + 3 * sum(digits[1::2])) % 10) % 10
    return prefix + str(check)


def _months(today: dt.date) -> list[str]:
    first = today.replace(day=1)
    months = []
    for _n in range(3):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(f"{first:%Y-%m}")
    return sorted(months)


def _csv(header: list[str], rows: list[list]) -> bytes:
    return ("\n".join([",".join(header), *(",".join(map(str, r)) for r in rows)]) + "\n").encode()


def _feed(kind: str, libraries: list[tuple[str, str]], month: str, seed: int) -> bytes:
    step = int(month[-2:])
    if kind == FeedKind.LOANS:
        rows = []
        for n, (code, province) in enumerate(libraries):
            for b, (title, author, clc, prefixes, pop) in enumerate(BOOKS):
                loans = pop * 3 + (b * 7 + n * 5 + step + seed) % 11
                isbn = _isbn(prefixes[(n + step) % len(prefixes)])
                rows.append(
                    [code, province, month, isbn, title, author, loans, loans * 2 // 3, clc]
                )
        header = [
            "library_code",
            "province",
            "period",
            "isbn",
            "title",
            "author",
            "loans",
            "readers",
            "clc",
        ]
        return _csv(header, rows)
    if kind == FeedKind.SALES:
        rows = [
            ["xinhua-hz", month, _isbn(p[0]), t, pop * 10 + (b + step) % 13, "store"]
            for b, (t, _a, _c, p, pop) in enumerate(BOOKS)
        ]
        return _csv(["source_code", "period", "isbn", "title", "units", "channel"], rows)
    rows = [
        [_isbn(p[-1]), t, a, "人民文学出版社", c, f"{month}-01", "45.00"]
        for t, a, c, p, _pop in BOOKS[:6]
    ]
    return _csv(["isbn", "title", "author", "publisher", "clc", "published_on", "price"], rows)


def _source_account(code: str, partner: Partner, key_for, password_for) -> str:
    User = get_user_model()
    username = "ranking-xinhua" if code == "xinhua-hz" else f"ranking-{code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = staff_create(
            username=username,
            password=password_for(username),
            first_name=partner.name_zh,
            roles=[(Role.RANKING_SOURCE, None, partner.pk)],
        )
    key = key_for(f"ranking-{code}")
    if not ApiKey.objects.filter(prefix=key.split("_")[1]).exists():
        apikey_create(
            user=user, name=f"{partner.name_zh} 榜单数据", scopes=[Perm.RANKING_FEED], key=key
        )
    return key


def rankings_demo_load(*, key_for, password_for) -> dict:
    for code, name_zh, name_en, kind in PARTNERS:
        partner_upsert(code=code, name_zh=name_zh, name_en=name_en, kind=kind)
    months = _months(clock.today())
    credentials = []
    for seed, (code, name, kind, partner_code, libraries) in enumerate(SOURCES):
        partner = Partner.objects.get(code=partner_code)
        source, _created = FeedSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "partner": partner}
        )
        credentials.append(
            {
                "code": code,
                "kind": kind,
                "api_key": _source_account(code, partner, key_for, password_for),
            }
        )
        for month in months:
            file_name = f"demo-{code}-{month}.csv"
            if FeedUpload.objects.filter(source=source, file_name=file_name).exists():
                continue
            feed_upload(
                actor=SYSTEM,
                source_code=code,
                stream=io.BytesIO(_feed(kind, libraries, month, seed)),
                file_name=file_name,
            )
    for month in months:
        if not FeedUpload.objects.filter(
            source__code=NETWORK_SOURCE, file_name=f"analytics export {month}"
        ).exists():
            network_feed_load(actor=SYSTEM, month=month)
    if not RankingRun.objects.filter(period=months[-1]).exists():
        ranking_compute(actor=SYSTEM, period=months[-1], top=20)
    return {"ranking_sources": credentials}
