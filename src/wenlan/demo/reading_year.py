"""A year of the network's reading for the insights dashboards: about 400 readers
of every category registered at the central, district and county libraries (some
of them new this year), and about 20,000 finished loans with their returns,
renewals, holds and transits, back-dated through the circulation history service.

The shape is that of a public library: busier at weekends and in the afternoon
and evening, literature (I) first, a few titles everyone borrows, a part of the
collection nobody touches; readers borrow mostly at their own library. History
(K) rises over the last three weeks (a topic the planning page finds). Seeded, so
every install gets the same year; idempotent: once the readers exist, nothing."""

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from wenlan.catalog.enums import ItemType
from wenlan.catalog.models import Item
from wenlan.catalog.services.crosswalk import records_clc_top_derive
from wenlan.circulation.services.backfill import (
    PastHold,
    PastLoan,
    PastTransit,
    circulation_history_import,
)
from wenlan.core import clock
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.patrons.models import Reader
from wenlan.patrons.services import reader_register_at_desk

READERS = 400
CARD_PREFIX = "HZY"
# A little more than a year, so that the same weeks last year are there to compare.
DAYS = 400
RISING_CLASS = "K"  # borrowed more over the last RISING_DAYS days
RISING_DAYS = 21

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨雨欣怡浩宇子涵梓轩"
# Ages a category's readers are of (lowest, highest); one in ten gave no birth year,
# nor does a collective card.
AGES = {"adult": (18, 59), "student": (13, 24), "child": (3, 12), "senior": (60, 88),
        "disabled": (18, 80)}  # fmt: skip
# category, share, loans a year (mean), classes they prefer
CATEGORIES = [
    ("adult", 0.45, 55, "IKFBT"),
    ("student", 0.18, 60, "ITOHG"),
    ("child", 0.15, 70, "IZGH"),
    ("senior", 0.15, 45, "KIRJB"),
    ("disabled", 0.04, 35, "IKR"),
    ("institution", 0.03, 80, "TFDG"),
]
WEEKDAY = [0.8, 0.75, 0.8, 0.85, 1.0, 1.6, 1.5]  # Monday … Sunday
HOURS = {9: 0.6, 10: 1.1, 11: 1.0, 12: 0.6, 13: 0.8, 14: 1.2, 15: 1.3, 16: 1.2, 17: 0.9,
         18: 0.8, 19: 1.0, 20: 0.6}  # fmt: skip


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _birth_year(ages: random.Random, category: str, year: int) -> int | None:
    if category not in AGES or ages.random() < 0.1:
        return None
    return year - ages.randint(*AGES[category])


def _readers(admin, rng: random.Random, homes: list[Library], now: dt.datetime) -> list[Reader]:
    readers = []
    # A generator of its own, so that the year's loans stay those drawn before.
    ages = random.Random(1515)
    for n in range(1, READERS + 1):
        category = rng.choices([c[0] for c in CATEGORIES], [c[1] for c in CATEGORIES])[0]
        # About a quarter registered during the year: the dashboard's new readers.
        days_ago = rng.randint(5, DAYS - 5) if rng.random() < 0.25 else rng.randint(DAYS, 4 * DAYS)
        with clock.freeze(now - dt.timedelta(days=days_ago)):
            readers.append(
                reader_register_at_desk(
                    actor=admin,
                    card_number=f"{CARD_PREFIX}{n:05d}",
                    name=_name(rng),
                    home_library_id=rng.choices(homes, [4] + [1] * (len(homes) - 1))[0].pk,
                    category=category,
                    expiry_date=(now + dt.timedelta(days=rng.randint(200, 1500))).date(),
                    # Their age when they registered (a birth year is never in the future).
                    birth_year=_birth_year(ages, category, clock.today().year),
                )
            )
    return readers


def _moment(rng: random.Random, day: dt.date, zone) -> dt.datetime:
    hour = rng.choices(list(HOURS), list(HOURS.values()))[0]
    return dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)), zone)


def _pools(libraries: list[Library], rng: random.Random):
    """Per library, per CLC class, the copies that circulate (about four in five:
    the rest never leave the shelf), most popular first."""
    pools: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for library in libraries:
        items = list(
            Item.objects.filter(library=library, item_type=ItemType.BOOK)
            .order_by("pk")
            .values_list("pk", "record_id", "record__clc_top")
        )
        rng.shuffle(items)
        by_class: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, record_id, clc in items[: int(len(items) * 0.8)]:
            by_class[clc or "I"].append((pk, record_id))
        pools[library.pk] = by_class
    return pools


def _pick(rng: random.Random, pool: list[tuple[int, int]]) -> tuple[int, int]:
    # Zipf-like for a third of the loans (the first few copies of a class are lent far
    # more than the rest), any copy of the class for the others.
    if rng.random() < 0.35:
        return pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)]
    return rng.choice(pool)


def _history(readers: list[Reader], libraries: list[Library], rng: random.Random, now):
    zone = ZoneInfo(settings.TIME_ZONE)
    pools = _pools(libraries, rng)
    central = next(lib for lib in libraries if lib.kind == LibraryKind.CENTRAL)
    ids = [lib.pk for lib in libraries if pools[lib.pk]]
    today = now.astimezone(zone).date()
    loans, holds, transits = [], [], []
    prefs = {c[0]: (c[2], c[3]) for c in CATEGORIES}
    days = [today - dt.timedelta(days=d) for d in range(1, DAYS + 1)]
    day_weights = [
        WEEKDAY[day.weekday()] * (1.5 if (today - day).days <= RISING_DAYS else 1.0) for day in days
    ]
    for reader in readers:
        mean, classes = prefs[reader.category]
        if rng.random() < 0.1:
            continue  # registered, never borrowed
        count = max(1, int(rng.expovariate(1 / mean) * DAYS / 365))
        first_day = max(reader.registered_on, today - dt.timedelta(days=DAYS))
        for day in rng.choices(days, day_weights, k=count):
            if day < first_day:
                continue
            roll = rng.random()
            library_id = (
                reader.home_library_id
                if roll < 0.7 and reader.home_library_id in ids
                else central.pk
                if roll < 0.9
                else rng.choice(ids)
            )
            rising = (today - day).days <= RISING_DAYS and rng.random() < 0.35
            if rising and pools[central.pk].get(RISING_CLASS):
                # The talk of the town: a few history titles at the central library.
                library_id = central.pk
            pool = pools[library_id]
            clc = (
                RISING_CLASS
                if rising and pool.get(RISING_CLASS)
                else rng.choice(classes)
                if rng.random() < 0.65
                else rng.choice(list(pool))
            )
            if not pool.get(clc):
                clc = rng.choice(list(pool))
            if rising and library_id == central.pk and clc == RISING_CLASS:
                item_id, record_id = rng.choice(pool[clc][:4])
            else:
                item_id, record_id = _pick(rng, pool[clc])
            loaned_at = _moment(rng, day, zone)
            returned_at = _moment(rng, day + dt.timedelta(days=rng.randint(3, 40)), zone)
            if returned_at >= now:
                returned_at = loaned_at + (now - loaned_at) * rng.uniform(0.2, 0.9)
            returned_at = max(returned_at, loaned_at + dt.timedelta(minutes=30))
            renewed_at = None
            if rng.random() < 0.15 and returned_at - loaned_at > dt.timedelta(days=8):
                renewed_at = loaned_at + (returned_at - loaned_at) / 2
            back_at = library_id if rng.random() < 0.85 else reader.home_library_id
            loans.append(
                PastLoan(
                    item_id=item_id,
                    reader_id=reader.pk,
                    library_id=library_id,
                    loaned_at=loaned_at,
                    due_on=(loaned_at + dt.timedelta(days=30)).date(),
                    returned_at=returned_at,
                    return_library_id=back_at,
                    renewed_at=renewed_at,
                    channel="sip2" if rng.random() < 0.4 else "desk",
                )
            )
            if back_at != library_id and returned_at < now - dt.timedelta(days=4):
                sent = returned_at + dt.timedelta(hours=rng.randint(2, 20))
                transits.append(
                    PastTransit(
                        item_id=item_id,
                        from_library_id=back_at,
                        to_library_id=library_id,
                        sent_at=sent,
                        received_at=sent + dt.timedelta(hours=rng.randint(18, 80)),
                    )
                )
            # One loan in twelve was a hold first: placed days before, waited for.
            if rng.random() < 1 / 12 and (today - day).days < DAYS - 30:
                wait = dt.timedelta(hours=rng.randint(6, 24 * rng.choice((2, 5, 12, 25))))
                placed_at = loaned_at - wait - dt.timedelta(hours=rng.randint(2, 60))
                holds.append(
                    PastHold(
                        record_id=record_id,
                        reader_id=reader.pk,
                        pickup_library_id=library_id,
                        placed_at=placed_at,
                        ready_at=placed_at + wait,
                        status="fulfilled",
                        closed_at=loaned_at,
                        item_id=item_id,
                    )
                )
            elif rng.random() < 1 / 80:
                placed_at = loaned_at - dt.timedelta(days=rng.randint(2, 20))
                holds.append(
                    PastHold(
                        record_id=record_id,
                        reader_id=reader.pk,
                        pickup_library_id=library_id,
                        placed_at=placed_at,
                        status="cancelled",
                        closed_at=placed_at + dt.timedelta(days=rng.randint(1, 10)),
                    )
                )
    return loans, holds, transits


TRY = {
    "dashboard": "/staff/insights/",
    "planning": "/staff/insights/planning/?weeks=2",
    "staff": ["admin (the network)", "librarian-xh (Xihu only)", "assessment (the network)"],
    "note": "a year of loans by 400 readers (cards HZY00001-HZY00400, no login); history (K) "
    "rises over the last three weeks; cells under 10 readers show as <10",
}


def reading_year_credentials() -> dict:
    """What a newcomer should try, for var/demo-credentials.json."""
    return {"insights": TRY}


def reading_year_demo_load() -> dict:
    """Returns the summary line's part: readers and history added (0 when done before)."""
    if Reader.objects.filter(card_number=f"{CARD_PREFIX}00001").exists():
        return {"readers": 0, "loans": 0}
    admin = get_user_model().objects.get(username="admin")
    rng = random.Random(15)
    now = clock.now()
    libraries = list(
        Library.objects.filter(
            kind__in=[LibraryKind.CENTRAL, LibraryKind.DISTRICT, LibraryKind.COUNTY]
        ).order_by("kind", "code")
    )
    libraries.sort(key=lambda lib: lib.kind != LibraryKind.CENTRAL)
    if not libraries or not Item.objects.exists():
        return {"readers": 0, "loans": 0}
    # The Library of Congress's records carry no CLC class: derived from their LC class.
    records_clc_top_derive(actor=admin)
    readers = _readers(admin, rng, libraries, now)
    loans, holds, transits = _history(readers, libraries, rng, now)
    report = circulation_history_import(actor=admin, loans=loans, holds=holds, transits=transits)
    return {"readers": len(readers), **report.summary()}
