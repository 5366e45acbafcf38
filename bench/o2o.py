"""悦读 tills against the real server: partner bookstores lending new books through
the HTTP API, each step making a brief record, a copy and its loan.

    DATABASE_URL=postgres://... .venv/bin/python bench/o2o.py [--quick]

Creates a central library, --tills partner bookstores (one clerk and one till API
key each, scope `o2o.till`), a bench desk library with copies, and readers; starts
`wenlan run` (gunicorn, --workers processes of --threads threads) and measures:

(a) capacity: --tills tills in a closed loop with no think time, each sending
    `POST /api/o2o/bookstore-loans` for a new ISBN (title and author given, so every
    step makes a brief record, a copy owned by the central library, the loan and its
    settlement line); steps per second, and p50/p95/p99 under that saturation, and
    where its CPU went: milliseconds per step in the web server, in its task worker
    (the search index sync) and in PostgreSQL's backends for the bench database,
    read from /proc (CPU time, which other work on the machine does not inflate
    the way it does wall time);
(b) latency at --rate steps per second offered by the same tills (exponential gaps,
    an open loop): p50/p95/p99 of the till step;
(c) the baseline, in the same run and over the same HTTP stack: one idle till's
    median step against one idle desk's median `POST /api/circulation/checkout`
    (a plain lend of a copy on the shelf), and their ratio.

All the while, --readers readers (50) signed in place 悦借 delivery orders of one
copy each through `POST /api/o2o/deliveries`, one every --order-gap seconds (5) on
average each; their p50/p95 is printed for (a) and (b). The CPU per till step of
(a) then includes the orders' share. The last line is one JSON object."""

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")

from benchkit import JsonClient, free_port, percentile, wait_for_port  # noqa: E402

READERS_PER_TILL = 40


def isbn13(n: int, tag: int) -> str:
    """A valid ISBN-13 no real book has: 979-12 (Italy's new range) is not used by
    the demo; `tag` keeps two runs apart."""
    digits = f"97912{tag:03d}{n:04d}"[:12]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


# --- data ----------------------------------------------------------------------------


def _delivery_setup(*, tag: str, central, password: str, orderers: int, copies: int) -> dict:
    """悦借: `orderers` readers signed in (a session each, made as a login makes it),
    a delivery zone, and copies on the central library's shelf for them to order."""
    import datetime as dt

    from django.test import Client as DjangoClient

    from wenlan.accounts.models import User
    from wenlan.catalog.enums import ItemStatus
    from wenlan.catalog.models import Item, Record
    from wenlan.o2o.models import DeliveryZone
    from wenlan.patrons.models import Reader

    today = dt.date.today()
    zone = DeliveryZone.objects.create(name_zh=f"压测配送区 {tag}", fee="5.00")
    sessions = []
    for i in range(orderers):
        user = User.objects.create(username=f"bench-{tag}-reader{i}", password=password)
        Reader.objects.create(
            user=user, card_number=f"D{tag}{i:05d}", name=f"压测下单读者{i}",
            home_library=central, registered_on=today,
            expiry_date=today + dt.timedelta(days=365),
        )  # fmt: skip
        client = DjangoClient()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    records = Record.objects.bulk_create(
        Record(flavour="marc21", marc="<record/>", fingerprint=f"{tag}d{i}", title=f"压测送书 {i}")
        for i in range(copies)
    )
    items = Item.objects.bulk_create(
        Item(
            record=record,
            barcode=f"D{tag}{i:06d}",
            library=central,
            location=central,
            status=ItemStatus.AVAILABLE,
        )  # fmt: skip
        for i, record in enumerate(records)
    )
    return {
        "zone_id": zone.pk,
        "sessions": sessions,
        "delivery_item_ids": [item.pk for item in items],
        "delivery_record_ids": [record.pk for record in records],
        "orderer_usernames": [f"bench-{tag}-reader{i}" for i in range(orderers)],
    }


def setup_data(
    *, tag: str, tills: int, desk_copies: int, orderers: int = 50, delivery_copies: int = 3000
) -> dict:
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password

    from wenlan.accounts.enums import Perm, Role
    from wenlan.accounts.models import StaffRole, User
    from wenlan.accounts.services import apikey_create
    from wenlan.catalog.enums import ItemStatus
    from wenlan.catalog.models import Item, Record
    from wenlan.circulation.models import Policy
    from wenlan.network.enums import LibraryKind
    from wenlan.network.models import Library, OpeningHours
    from wenlan.o2o.models import Bookstore, BookstoreRule
    from wenlan.patrons.models import Reader

    central = Library.objects.create(
        code=f"BENCH-{tag}", name_zh=f"压测中心馆 {tag}", name_en=f"Bench {tag}",
        kind=LibraryKind.CENTRAL, latitude="30.25", longitude="120.16",
    )  # fmt: skip
    stores = [
        Library.objects.create(
            code=f"BENCH-{tag}-S{n:02d}",
            name_zh=f"压测书店 {n}",
            name_en=f"Bench store {n}",
            kind=LibraryKind.PARTNER_BOOKSTORE,
            parent=central,
            latitude="30.25",
            longitude="120.16",
        )  # fmt: skip
        for n in range(tills)
    ]
    OpeningHours.objects.bulk_create(
        OpeningHours(library=library, weekday=d, opens=dt.time(9), closes=dt.time(21))
        for library in [central, *stores]
        for d in range(7)
    )
    bookstores = Bookstore.objects.bulk_create(
        Bookstore(library=store, owner_library=central) for store in stores
    )
    # The network's rule is the installation's; the bench stores get rules of their
    # own, loose enough that only the work is measured, not refusals.
    BookstoreRule.objects.bulk_create(
        BookstoreRule(
            bookstore=bookstore,
            monthly_limit=10_000,
            price_cap=Decimal("500.00"),
            max_network_copies=10_000,
            budget_per_month=Decimal("90000000.00"),
        )  # fmt: skip
        for bookstore in bookstores
    )
    Policy.objects.create(library=central, loan_days=30, max_loans=10_000, renewals=1)
    for store in stores:
        Policy.objects.create(library=store, loan_days=30, max_loans=10_000, renewals=1)
    password = make_password(secrets.token_urlsafe(12))
    keys = []
    for n, store in enumerate(stores):
        clerk = User.objects.create(username=f"bench-{tag}-clerk{n}", password=password,
                                    is_staff=True)  # fmt: skip
        StaffRole.objects.create(user=clerk, role=Role.BOOKSTORE_CLERK, library=store)
        key = f"wl_{secrets.token_hex(4)}_{secrets.token_hex(20)}"
        apikey_create(user=clerk, name="bench till", scopes=[Perm.O2O_TILL], key=key)
        keys.append(key)
    desk = User.objects.create(username=f"bench-{tag}-desk", password=password, is_staff=True)
    StaffRole.objects.create(user=desk, role=Role.BRANCH_LIBRARIAN, library=central)
    desk_key = f"wl_{secrets.token_hex(4)}_{secrets.token_hex(20)}"
    apikey_create(user=desk, name="bench desk", scopes=[Perm.CIRCULATION_DESK], key=desk_key)
    today = dt.date.today()
    readers = Reader.objects.bulk_create(
        Reader(
            card_number=f"B{tag}{i:05d}",
            name=f"压测读者{i}",
            home_library=central,
            registered_on=today,
            expiry_date=today + dt.timedelta(days=365),
        )  # fmt: skip
        for i in range(tills * READERS_PER_TILL + 1)
    )
    records = Record.objects.bulk_create(
        Record(flavour="marc21", marc="<record/>", fingerprint=f"{tag}{i}", title=f"压测书 {i}")
        for i in range(desk_copies)
    )
    items = Item.objects.bulk_create(
        Item(
            record=record,
            barcode=f"B{tag}{i:06d}",
            library=central,
            location=central,
            status=ItemStatus.AVAILABLE,
        )  # fmt: skip
        for i, record in enumerate(records)
    )
    cards = [r.card_number for r in readers]
    delivery = _delivery_setup(tag=tag, central=central, password=password, orderers=orderers,
                               copies=delivery_copies)  # fmt: skip
    return {
        **delivery,
        "central_id": central.pk,
        "store_ids": [s.pk for s in stores],
        "bookstore_ids": [b.pk for b in bookstores],
        "keys": keys,
        "desk_key": desk_key,
        "tag": tag,
        "till_cards": [
            cards[n * READERS_PER_TILL : (n + 1) * READERS_PER_TILL] for n in range(tills)
        ],  # fmt: skip
        "desk_card": cards[-1],
        "desk_items": [item.barcode for item in items],
        "desk_record_ids": [r.pk for r in records],
        "usernames": [f"bench-{tag}-clerk{n}" for n in range(tills)] + [f"bench-{tag}-desk"],
    }


def cleanup(data: dict) -> None:
    from django.db import connection

    from wenlan.accounts.models import User
    from wenlan.catalog.models import IndexChange, Item, Record
    from wenlan.circulation.models import CirculationLogEntry, Loan, Policy, Transit
    from wenlan.network.models import Library
    from wenlan.o2o.models import (
        Bookstore,
        BookstoreLoan,
        BookstoreRule,
        DeliveryFeeEntry,
        DeliveryLine,
        DeliveryOrder,
        DeliveryZone,
        Parcel,
        ParcelStep,
    )
    from wenlan.patrons.models import Reader

    library_ids = [data["central_id"], *data["store_ids"]]
    orders = DeliveryOrder.objects.filter(reader__user__username__in=data["orderer_usernames"])
    DeliveryFeeEntry.objects.filter(order__in=orders).delete()
    DeliveryLine.objects.filter(parcel__order__in=orders).delete()
    ParcelStep.objects.filter(parcel__order__in=orders).delete()
    Parcel.objects.filter(order__in=orders).delete()
    orders.delete()
    DeliveryZone.objects.filter(pk=data["zone_id"]).delete()
    lines = BookstoreLoan.objects.filter(bookstore_id__in=data["bookstore_ids"])
    record_ids = (
        set(lines.values_list("record_id", flat=True))
        | set(data["desk_record_ids"])
        | set(data["delivery_record_ids"])
    )
    item_ids = list(Item.objects.filter(library_id=data["central_id"]).values_list("pk", flat=True))
    lines.delete()
    CirculationLogEntry.objects.filter(library_id__in=library_ids).delete()
    Transit.objects.filter(item_id__in=item_ids).delete()
    Loan.objects.filter(item_id__in=item_ids).delete()
    Item.objects.filter(pk__in=item_ids).delete()
    IndexChange.objects.filter(record_id__in=record_ids).delete()
    Record.objects.filter(pk__in=record_ids).delete()
    Reader.objects.filter(home_library_id=data["central_id"]).delete()
    BookstoreRule.objects.filter(bookstore_id__in=data["bookstore_ids"]).delete()
    Bookstore.objects.filter(pk__in=data["bookstore_ids"]).delete()
    Policy.objects.filter(library_id__in=library_ids).delete()
    User.objects.filter(username__in=data["usernames"] + data["orderer_usernames"]).delete()
    Library.objects.filter(pk__in=data["store_ids"]).delete()
    Library.objects.filter(pk=data["central_id"]).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ["wenlan.catalog.tasks.%"],
        )


# --- where the CPU went (Linux /proc) ---------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: int) -> tuple[int, str, float, float] | None:
    """(parent pid, command name, own CPU seconds, reaped children's CPU seconds)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return int(fields[1]), name, (utime + stime) / _TICK, (cutime + cstime) / _TICK


def cpu_seconds(server_pid: int, database: str) -> dict[str, float]:
    """CPU seconds used so far by the web server's processes, by its task worker and
    by the PostgreSQL backends serving `database` (the server keeps its connections
    open, so they live through a phase; other databases' work on this machine is
    not counted). Differences of two readings give where a phase's CPU went."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))) is not None:
            stats[int(entry.name)] = stat
    children: dict[int, list[int]] = {}
    for pid, (parent, *_rest) in stats.items():
        children.setdefault(parent, []).append(pid)

    def tree(pid: int) -> list[int]:
        return [pid, *(p for child in children.get(pid, []) for p in tree(child))]

    totals = {"web": 0.0, "task_worker": 0.0, "postgres": 0.0}
    worker_pids: set[int] = set()
    for pid in tree(server_pid):
        try:
            if b"wenlan.cli\0worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                worker_pids.update(tree(pid))
        except OSError:
            pass
    for pid in tree(server_pid):
        if pid in stats:
            own, reaped = stats[pid][2], stats[pid][3]
            totals["task_worker" if pid in worker_pids else "web"] += own + reaped
    for pid, (_parent, name, own, _reaped) in stats.items():
        if name == "postgres":
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if f" {database} ".encode() in title:
                totals["postgres"] += own
    return totals


def cpu_ms_per_step(before: dict, after: dict, steps: int) -> dict[str, float]:
    return {part: round((after[part] - before[part]) * 1000 / max(steps, 1), 2) for part in before}


# --- an HTTP/1.1 keep-alive client ------------------------------------------------------


class Tills:
    """Each till lends to its own readers in turn, a new ISBN each time."""

    def __init__(self, data: dict):
        self.data = data
        self.counter = 0
        self.tag = int(data["tag"], 16) % 1000

    def sale(self, till: int, n: int) -> dict:
        self.counter += 1
        cards = self.data["till_cards"][till]
        return {
            "card": cards[n % len(cards)],
            "isbn": isbn13(self.counter, self.tag),
            "price": "45.00",
            "title": f"压测新书 {self.counter}",
            "author": "压测作者",
        }


class Orderers:
    """悦借 readers, each signed in, placing a delivery order of one copy on the
    shelf every `gap` seconds on average (exponential gaps)."""

    def __init__(self, data: dict, gap: float):
        self.data, self.gap = data, gap
        self.copies = list(data["delivery_item_ids"])

    async def run(self, host, port, *, seconds: float) -> dict:
        times: list[float] = []
        failures = 0
        deadline = time.perf_counter() + seconds
        rng = random.Random(11)

        async def reader(session: str) -> None:
            nonlocal failures
            while True:
                await asyncio.sleep(rng.expovariate(1 / self.gap))
                if time.perf_counter() >= deadline or not self.copies:
                    break
                body = {
                    "item_ids": [self.copies.pop()],
                    "destination": "home",
                    "zone_id": self.data["zone_id"],
                    "address": "杭州市上城区解放路 1 号",
                    "phone": "13800000000",
                }
                # A connection per order: the server closes one idle for seconds.
                client = JsonClient(host, port, session=session)
                await client.connect()
                ms, status, _ = await client.post("/api/o2o/deliveries", body)
                client.close()
                if status == 201:
                    times.append(ms)
                else:
                    failures += 1

        await asyncio.gather(*(reader(session) for session in self.data["sessions"]))
        return {
            "orders": len(times),
            "failures": failures,
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
        }


async def alongside(phase, orderers: Orderers | None, host, port, seconds: float):
    """A till phase with the readers ordering at the same time (None: tills alone)."""
    if orderers is None:
        return await phase, None
    return tuple(await asyncio.gather(phase, orderers.run(host, port, seconds=seconds)))


async def closed_loop(tills: Tills, host, port, *, count: int, seconds: float) -> dict:
    clients = [JsonClient(host, port, key) for key in tills.data["keys"][:count]]
    for client in clients:
        await client.connect()
    times: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def run(t: int) -> None:
        nonlocal failures
        n = 0
        while time.perf_counter() < deadline:
            ms, status, _ = await clients[t].post("/api/o2o/bookstore-loans", tills.sale(t, n))
            n += 1
            if status == 201:
                times.append(ms)
            else:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(run(t) for t in range(count)))
    elapsed = time.perf_counter() - started
    for client in clients:
        client.close()
    return {
        "steps_per_s": len(times) / elapsed,
        "steps": len(times),
        "failures": failures,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
    }


async def open_loop(tills: Tills, host, port, *, count: int, rate: float, seconds: float) -> dict:
    """`rate` steps per second in all, from `count` tills with exponential gaps; a till
    that is still waiting for its answer sends the next one on a second connection."""
    times: list[float] = []
    failures = 0
    random.seed(7)
    deadline = time.perf_counter() + seconds
    pending: list[asyncio.Task] = []

    async def one(t: int, n: int) -> None:
        nonlocal failures
        client = JsonClient(host, port, tills.data["keys"][t])
        await client.connect()
        ms, status, _ = await client.post("/api/o2o/bookstore-loans", tills.sale(t, n))
        client.close()
        if status == 201:
            times.append(ms)
        else:
            failures += 1

    async def till(t: int) -> None:
        n = 0
        while True:
            await asyncio.sleep(random.expovariate(rate / count))
            if time.perf_counter() >= deadline:
                return
            pending.append(asyncio.create_task(one(t, n)))
            n += 1

    started = time.perf_counter()
    await asyncio.gather(*(till(t) for t in range(count)))
    await asyncio.gather(*pending)
    elapsed = time.perf_counter() - started
    return {
        "steps_per_s": len(times) / elapsed,
        "steps": len(times),
        "failures": failures,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
    }


async def idle_medians(tills: Tills, host, port, *, rounds: int) -> tuple[float, float]:
    """One idle till's step and one idle desk's plain lend, alternately, on one
    keep-alive connection each: the same HTTP stack, the same moment."""
    data = tills.data
    till = JsonClient(host, port, data["keys"][0])
    desk = JsonClient(host, port, data["desk_key"])
    await till.connect()
    await desk.connect()
    till_ms, desk_ms = [], []
    for n in range(rounds):
        ms, status, _ = await till.post("/api/o2o/bookstore-loans", tills.sale(0, n))
        assert status == 201, status
        till_ms.append(ms)
        body = {
            "library_id": data["central_id"],
            "card_number": data["desk_card"],
            "barcode": data["desk_items"][n],
        }
        ms, status, _ = await desk.post("/api/circulation/checkout", body)
        assert status == 200, status
        desk_ms.append(ms)
    till.close()
    desk.close()
    return statistics.median(till_ms), statistics.median(desk_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--tills", type=int, default=20)
    parser.add_argument("--rate", type=float, default=100.0, help="steps per second in (b)")
    parser.add_argument("--readers", type=int, default=50, help="readers placing 悦借 orders")
    parser.add_argument(
        "--order-gap", type=float, default=5.0, help="mean seconds between a reader's orders"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="serve without the task worker (the search index then learns nothing new)",
    )
    args = parser.parse_args()
    capacity_s, open_s, rounds = (5, 10, 30) if args.quick else (30, 60, 100)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        print("warning: run against PostgreSQL (DATABASE_URL) for the figures", file=sys.stderr)
    database = connection.settings_dict["NAME"]
    tag = secrets.token_hex(3)
    data = setup_data(tag=tag, tills=args.tills, desk_copies=rounds + 1, orderers=args.readers)
    connection.close()
    tills = Tills(data)
    orderers = Orderers(data, args.order_gap) if args.readers else None

    port = free_port()
    env = {**os.environ, "WENLAN_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/wenlan"),
            "run",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        till_ms, desk_ms = asyncio.run(idle_medians(tills, "127.0.0.1", port, rounds=rounds))
        cpu_before = cpu_seconds(server.pid, database)
        capacity, capacity_orders = asyncio.run(
            alongside(
                closed_loop(tills, "127.0.0.1", port, count=args.tills, seconds=capacity_s),
                orderers, "127.0.0.1", port, capacity_s,
            )
        )  # fmt: skip
        time.sleep(2)  # the index sync of the last steps
        cpu_after = cpu_seconds(server.pid, database)
        capacity_cpu = cpu_ms_per_step(cpu_before, cpu_after, capacity["steps"])
        offered, offered_orders = asyncio.run(
            alongside(
                open_loop(tills, "127.0.0.1", port, count=args.tills, rate=args.rate,
                          seconds=open_s),
                orderers, "127.0.0.1", port, open_s,
            )
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
        cleanup(data)

    result = {
        "benchmark": "o2o",
        "quick": args.quick,
        "database": connection.vendor,
        "workers": args.workers,
        "threads": args.threads,
        "task_worker": not args.no_worker,
        "tills": args.tills,
        "steps_per_s": round(capacity["steps_per_s"], 1),
        "capacity_p50_ms": round(capacity["p50_ms"], 1),
        "capacity_p95_ms": round(capacity["p95_ms"], 1),
        "capacity_p99_ms": round(capacity["p99_ms"], 1),
        "capacity_failures": capacity["failures"],
        "capacity_cpu_ms_per_step": capacity_cpu,
        "offered_per_s": args.rate,
        "served_per_s": round(offered["steps_per_s"], 1),
        "p50_ms": round(offered["p50_ms"], 1),
        "p95_ms": round(offered["p95_ms"], 1),
        "p99_ms": round(offered["p99_ms"], 1),
        "offered_failures": offered["failures"],
        "till_median_ms": round(till_ms, 2),
        "desk_checkout_median_ms": round(desk_ms, 2),
        "till_over_desk": round(till_ms / desk_ms, 2),
        "readers_ordering": args.readers,
        "order_gap_s": args.order_gap,
        "orders_during_capacity": capacity_orders and capacity_orders["orders"],
        "order_p95_ms_during_capacity": capacity_orders and round(capacity_orders["p95_ms"], 1),
        "orders_during_offered": offered_orders and offered_orders["orders"],
        "order_p50_ms_during_offered": offered_orders and round(offered_orders["p50_ms"], 1),
        "order_p95_ms_during_offered": offered_orders and round(offered_orders["p95_ms"], 1),
        "order_failures": (capacity_orders and capacity_orders["failures"] or 0)
        + (offered_orders and offered_orders["failures"] or 0),
    }
    print(
        f"capacity ({args.tills} tills, closed loop): {result['steps_per_s']} steps/s, "
        f"p50 {result['capacity_p50_ms']} ms, p95 {result['capacity_p95_ms']} ms, "
        f"p99 {result['capacity_p99_ms']} ms"
    )
    print(
        f"at {args.rate:g} steps/s offered ({args.tills} tills): served {result['served_per_s']}/s,"
        f" p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms"
    )
    print(
        f"idle: till step {result['till_median_ms']} ms, desk checkout "
        f"{result['desk_checkout_median_ms']} ms (medians), ratio {result['till_over_desk']}"
    )
    if orderers is not None:
        print(
            f"悦借 orders by {args.readers} readers (one every {args.order_gap:g} s each): "
            f"{result['orders_during_capacity']} during (a), p95 "
            f"{result['order_p95_ms_during_capacity']} ms; {result['orders_during_offered']} "
            f"during (b), p50 {result['order_p50_ms_during_offered']} ms, p95 "
            f"{result['order_p95_ms_during_offered']} ms; failures {result['order_failures']}"
        )
    print(
        "CPU per till step at capacity (ms): "
        + ", ".join(f"{part} {ms}" for part, ms in capacity_cpu.items())
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
