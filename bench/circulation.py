"""Circulation over SIP2 against the real server, with a real policy (limits,
blocks and the hold queue are checked on every transaction).

    DATABASE_URL=postgres://... .venv/bin/python bench/circulation.py [--quick]

Creates a bench library (open every day), a kiosk account, readers and copies;
starts `wenlan sip2` (--workers processes sharing the port) and measures:

(a) capacity: --kiosks kiosks in a closed loop with no think time, each doing
    checkout + checkin of its own copies; transactions (SIP2 messages) per second;
(b) latency at a busy Saturday's load: --busy-kiosks kiosks, each sending a
    transaction every 2 s on average (exponential gaps), p50 and p99;
(c) a sorting machine under load (b): item information (17), then checkin (09)
    of copies on loan, one copy every 0.5 s; p99 of each message;
(d) the overhead of the protocol layer: the median of a SIP2 transaction made by
    one idle kiosk over the median of the same service call made in-process;
    and the same over HTTP for the desk API (`wenlan run`, an API key).

The clients are small asyncio ones, so they cost little CPU next to the server
they measure (they share the machine). The last line is one JSON object."""

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

from benchkit import free_port, percentile, wait_for_port  # noqa: E402

from wenlan.interop.sip2.messages import build, parse_response  # noqa: E402 (pure, no Django)

DATE = "20261125    100000"
PASSWORD = "Bench-kiosk-2026"


# --- data ----------------------------------------------------------------------


def setup_data(*, tag: str, kiosks: int, copies_per_kiosk: int, sorter_copies: int) -> dict:
    import datetime as dt

    from django.contrib.auth.hashers import make_password

    from wenlan.accounts.enums import Perm, Role
    from wenlan.accounts.models import StaffRole, User
    from wenlan.accounts.services import apikey_create
    from wenlan.catalog.enums import ItemStatus
    from wenlan.catalog.models import Item, Record
    from wenlan.circulation.models import Policy
    from wenlan.network.enums import LibraryKind
    from wenlan.network.models import Library, OpeningHours
    from wenlan.patrons.models import Reader

    library = Library.objects.create(
        code=f"BENCH-{tag}",
        name_zh=f"压测馆 {tag}",
        name_en=f"Bench {tag}",
        kind=LibraryKind.DISTRICT,
        latitude="30.25",
        longitude="120.16",
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(library=library, weekday=d, opens=dt.time(9), closes=dt.time(21))
        for d in range(7)
    )
    Policy.objects.create(library=library, loan_days=30, max_loans=10, renewals=1, max_overdue=1)
    kiosk = User.objects.create(
        username=f"kiosk-{tag}", password=make_password(PASSWORD), is_staff=True
    )
    StaffRole.objects.create(user=kiosk, role=Role.BRANCH_LIBRARIAN, library=library)
    api_key = f"wl_{secrets.token_hex(4)}_{secrets.token_hex(20)}"
    apikey_create(user=kiosk, name="bench", scopes=[Perm.CIRCULATION_DESK], key=api_key)
    today = dt.date.today()
    readers = Reader.objects.bulk_create(
        Reader(
            card_number=f"B{tag}{i:05d}",
            name=f"压测读者{i}",
            home_library=library,
            registered_on=today,
            expiry_date=today + dt.timedelta(days=365),
        )
        for i in range(kiosks + sorter_copies // 9 + 2)
    )
    total = kiosks * copies_per_kiosk + sorter_copies
    records = Record.objects.bulk_create(
        Record(flavour="marc21", marc="<record/>", fingerprint=f"{tag}{i}", title=f"压测书 {i}")
        for i in range(total)
    )
    items = Item.objects.bulk_create(
        Item(
            record=record,
            barcode=f"B{tag}{i:06d}",
            library=library,
            location=library,
            status=ItemStatus.AVAILABLE,
        )
        for i, record in enumerate(records)
    )
    return {
        "library_id": library.pk,
        "library": library.code,
        "kiosk": kiosk.username,
        "api_key": api_key,
        "cards": [r.card_number for r in readers[:kiosks]],
        "spare_reader_ids": [r.pk for r in readers[kiosks:]],
        "kiosk_items": [
            [items[k * copies_per_kiosk + j].barcode for j in range(copies_per_kiosk)]
            for k in range(kiosks)
        ],
        "sorter_items": [item.barcode for item in items[kiosks * copies_per_kiosk :]],
        "record_ids": [r.pk for r in records],
    }


def lend_for_sorter(data: dict) -> None:
    from wenlan.accounts.models import User
    from wenlan.circulation.services.loans import loan_checkout

    kiosk = User.objects.get(username=data["kiosk"])
    spares = data["spare_reader_ids"]
    for n, barcode in enumerate(data["sorter_items"]):  # nine loans per reader, below the limit
        loan_checkout(
            actor=kiosk,
            library_id=data["library_id"],
            barcode=barcode,
            reader_id=spares[n // 9],
            channel="bench",
        )


def in_process_median(data: dict, rounds: int) -> tuple[float, float]:
    """The median wall time of a lend or a return made in-process, and the CPU time
    this process spent per transaction (PostgreSQL's share not counted): the CPU
    figure moves little with the machine's load, the wall time a lot."""
    from wenlan.accounts.actors import KioskActor
    from wenlan.accounts.models import User
    from wenlan.circulation.services.loans import loan_checkin, loan_checkout

    # The actor the SIP2 server calls with once a kiosk has logged in (its grants
    # kept for the connection): the same calls, without the protocol.
    kiosk = KioskActor(User.objects.get(username=data["kiosk"]), data["library_id"])
    barcode, card = data["kiosk_items"][0][0], data["cards"][0]
    times = []
    cpu_started = time.process_time()
    for _ in range(rounds):
        started = time.perf_counter()
        loan_checkout(
            actor=kiosk,
            library_id=data["library_id"],
            barcode=barcode,
            card_number=card,
            channel="bench",
        )
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        loan_checkin(actor=kiosk, library_id=data["library_id"], barcode=barcode, channel="bench")
        times.append(time.perf_counter() - started)
    cpu_ms = (time.process_time() - cpu_started) / len(times) * 1000
    return statistics.median(times) * 1000, cpu_ms


def cleanup(data: dict) -> None:
    from django.db import connection

    from wenlan.accounts.models import User
    from wenlan.catalog.models import IndexChange, Item, Record
    from wenlan.circulation.models import (
        Block,
        CirculationLogEntry,
        Fine,
        Hold,
        Loan,
        Policy,
        Transit,
    )
    from wenlan.network.models import Library
    from wenlan.notices.models import Notice
    from wenlan.patrons.models import Reader

    library_id = data["library_id"]
    item_ids = list(Item.objects.filter(library_id=library_id).values_list("pk", flat=True))
    CirculationLogEntry.objects.filter(library_id=library_id).delete()
    Notice.objects.filter(reader__home_library_id=library_id).delete()
    Transit.objects.filter(item_id__in=item_ids).delete()
    Hold.objects.filter(pickup_library_id=library_id).delete()
    Loan.objects.filter(library_id=library_id).delete()
    Block.objects.filter(reader__home_library_id=library_id).delete()
    Fine.objects.filter(reader__home_library_id=library_id).delete()
    Item.objects.filter(pk__in=item_ids).delete()
    IndexChange.objects.filter(record_id__in=data["record_ids"]).delete()
    Record.objects.filter(pk__in=data["record_ids"]).delete()
    Reader.objects.filter(home_library_id=library_id).delete()
    Policy.objects.filter(library_id=library_id).delete()
    User.objects.filter(username=data["kiosk"]).delete()
    Library.objects.filter(pk=library_id).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ["wenlan.catalog.tasks.%"],
        )


# --- a SIP2 client --------------------------------------------------------------


class Kiosk:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.sequence = 0

    async def connect(self, login: str, library: str) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        answer = await self.send("93", "00", [("CN", login), ("CO", PASSWORD), ("CP", library)])
        assert answer.fixed == "1", answer

    async def send(self, code: str, fixed: str, fields):
        self.sequence = (self.sequence + 1) % 10
        self.writer.write(
            build(code, fixed, fields, sequence=str(self.sequence), with_checksum=True)
        )
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r")
        return parse_response(raw.rstrip(b"\r"))

    async def timed(self, code: str, fixed: str, fields) -> tuple[float, object]:
        started = time.perf_counter()
        answer = await self.send(code, fixed, fields)
        return (time.perf_counter() - started) * 1000, answer

    def checkout(self, card: str, barcode: str):
        return self.timed(
            "11", "YN" + DATE + " " * 18, [("AO", "B"), ("AA", card), ("AB", barcode), ("AC", "")]
        )

    def checkin(self, barcode: str):
        return self.timed("09", "N" + DATE + DATE, [("AP", "B"), ("AO", "B"), ("AB", barcode)])

    def item_information(self, barcode: str):
        return self.timed("17", DATE, [("AO", "B"), ("AB", barcode)])

    def close(self) -> None:
        self.writer.close()


async def logged_in(data, host, port, count: int) -> list[Kiosk]:
    """Kiosks log in once a day (a deliberately slow password hash): not timed."""
    kiosks = [Kiosk(host, port) for _ in range(count)]
    for kiosk in kiosks:
        await kiosk.connect(data["kiosk"], data["library"])
    return kiosks


async def closed_loop(data, host, port, *, kiosks: int, seconds: float) -> dict:
    counts, failures = [0] * kiosks, [0]
    connected = await logged_in(data, host, port, kiosks)
    deadline = time.perf_counter() + seconds

    async def run(k: int) -> None:
        kiosk = connected[k]
        n = 0
        while time.perf_counter() < deadline:
            barcode = data["kiosk_items"][k][n % len(data["kiosk_items"][k])]
            _ms, out = await kiosk.checkout(data["cards"][k], barcode)
            _ms, back = await kiosk.checkin(barcode)
            if out.fixed[:1] != "1" or back.fixed[:1] != "1":
                failures[0] += 1
            counts[k] += 2
            n += 1
        kiosk.close()

    started = time.perf_counter()
    await asyncio.gather(*(run(k) for k in range(kiosks)))
    elapsed = time.perf_counter() - started
    return {
        "tx": sum(counts),
        "seconds": elapsed,
        "tx_per_s": sum(counts) / elapsed,
        "failures": failures[0],
    }


async def busy_saturday(data, host, port, *, kiosks: int, seconds: float, sorter: bool) -> dict:
    latencies: list[float] = []
    sorter_latencies: list[float] = []
    pair_latencies: list[float] = []
    failures = [0]
    connected = await logged_in(data, host, port, kiosks + 1)
    deadline = time.perf_counter() + seconds
    rng = random.Random(42)

    async def run(k: int) -> None:
        kiosk = connected[k]
        await asyncio.sleep(rng.uniform(0, 2))
        n, lent = 0, None
        while time.perf_counter() < deadline:
            if lent is None:
                lent = data["kiosk_items"][k][n % len(data["kiosk_items"][k])]
                ms, answer = await kiosk.checkout(data["cards"][k], lent)
            else:
                ms, answer = await kiosk.checkin(lent)
                lent, n = None, n + 1
            latencies.append(ms)
            failures[0] += answer.fixed[:1] != "1"
            await asyncio.sleep(rng.expovariate(1 / 2.0))
        if lent is not None:
            await kiosk.checkin(lent)
        kiosk.close()

    async def sort() -> None:
        machine = connected[kiosks]
        for barcode in data["sorter_items"]:
            if time.perf_counter() >= deadline:
                break
            ms1, info = await machine.item_information(barcode)
            ms2, back = await machine.checkin(barcode)
            sorter_latencies.extend([ms1, ms2])
            pair_latencies.append(ms1 + ms2)
            failures[0] += back.fixed[:1] != "1"
            await asyncio.sleep(0.5)
        machine.close()

    tasks = [run(k) for k in range(kiosks)] + ([sort()] if sorter else [])
    await asyncio.gather(*tasks)
    return {
        "tx": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "sorter_messages": len(sorter_latencies),
        "sorter_p99_ms": percentile(sorter_latencies, 99),
        "sorter_pair_p99_ms": percentile(pair_latencies, 99),
        "sorter_max_ms": max(sorter_latencies) if sorter_latencies else None,
        "failures": failures[0],
    }


async def idle_kiosk_median(data, host, port, *, rounds: int) -> float:
    kiosk = Kiosk(host, port)
    await kiosk.connect(data["kiosk"], data["library"])
    times = []
    barcode, card = data["kiosk_items"][1][0], data["cards"][1]
    for _ in range(rounds):
        ms, _a = await kiosk.checkout(card, barcode)
        times.append(ms)
        ms, _a = await kiosk.checkin(barcode)
        times.append(ms)
    kiosk.close()
    return statistics.median(times)


async def http_median(data, host, port, *, rounds: int) -> float:
    """The desk API over HTTP/1.1 keep-alive, with the kiosk's API key."""
    reader, writer = await asyncio.open_connection(host, port)
    barcode, card = data["kiosk_items"][2][0], data["cards"][2]

    async def post(path: str, body: dict) -> float:
        payload = json.dumps(body).encode()
        raw = (
            f"POST /api/circulation{path} HTTP/1.1\r\nHost: {host}\r\n"
            f"X-API-Key: {data['api_key']}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        ).encode() + payload
        started = time.perf_counter()
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(
            next(
                line.split(b":")[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
        )
        await reader.readexactly(length)
        assert head.startswith(b"HTTP/1.1 200"), head
        return (time.perf_counter() - started) * 1000

    times = []
    for _ in range(rounds):
        times.append(
            await post(
                "/checkout",
                {"library_id": data["library_id"], "card_number": card, "barcode": barcode},
            )
        )
        times.append(await post("/checkin", {"library_id": data["library_id"], "barcode": barcode}))
    writer.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--busy-kiosks", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    capacity_s, busy_s, rounds = (5, 20, 40) if args.quick else (30, 120, 200)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # an empty database gets its tables first
    if connection.vendor != "postgresql":
        print("warning: run against PostgreSQL (DATABASE_URL) for the figures", file=sys.stderr)
    kiosks = max(args.kiosks, args.busy_kiosks) + 3
    sorter_copies = int(busy_s / 0.5) + 10
    tag = secrets.token_hex(3)
    data = setup_data(tag=tag, kiosks=kiosks, copies_per_kiosk=4, sorter_copies=sorter_copies)
    lend_for_sorter(data)
    inprocess, inprocess_cpu = in_process_median(data, rounds)
    connection.close()

    port = free_port()
    # Every kiosk of the bench connects from 127.0.0.1: lift the per-address limit on
    # connections (8 by default, for a kiosk's real address) that 20 kiosks would meet.
    env = {
        **os.environ,
        "WENLAN_LOG_LEVEL": "ERROR",
        "WENLAN_SIP2_MAX_CONNECTIONS_PER_ADDRESS": "0",
    }
    sip2 = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/wenlan"),
            "sip2",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    http = None
    try:
        wait_for_port(port, sip2)
        idle = asyncio.run(idle_kiosk_median(data, "127.0.0.1", port, rounds=rounds))
        capacity = asyncio.run(
            closed_loop(data, "127.0.0.1", port, kiosks=args.kiosks, seconds=capacity_s)
        )
        busy = asyncio.run(
            busy_saturday(
                data, "127.0.0.1", port, kiosks=args.busy_kiosks, seconds=busy_s, sorter=True
            )
        )
        http_port = free_port()
        http = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/wenlan"),
                "run",
                "--port",
                str(http_port),
                "--workers",
                "1",
                "--threads",
                "2",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(http_port, http)
        http_ms = asyncio.run(http_median(data, "127.0.0.1", http_port, rounds=rounds))
    finally:
        for process in (sip2, http):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
        cleanup(data)

    result = {
        "benchmark": "circulation",
        "quick": args.quick,
        "database": connection.vendor,
        "workers": args.workers,
        "kiosks": args.kiosks,
        "tx_per_s": round(capacity["tx_per_s"], 1),
        "capacity_failures": capacity["failures"],
        "busy_kiosks": args.busy_kiosks,
        "busy_tx": busy["tx"],
        "p50_ms": round(busy["p50_ms"], 2),
        "p99_ms": round(busy["p99_ms"], 2),
        "sorter_p99_ms": round(busy["sorter_p99_ms"], 2),
        "sorter_pair_p99_ms": round(busy["sorter_pair_p99_ms"], 2),
        "busy_failures": busy["failures"],
        "inprocess_median_ms": round(inprocess, 2),
        "inprocess_cpu_ms_per_tx": round(inprocess_cpu, 2),
        "sip2_median_ms": round(idle, 2),
        "sip2_over_inprocess": round(idle / inprocess, 2),
        "http_median_ms": round(http_ms, 2),
        "http_over_inprocess": round(http_ms / inprocess, 2),
    }
    print(f"capacity ({args.kiosks} kiosks, closed loop): {result['tx_per_s']} tx/s")
    print(
        f"busy Saturday ({args.busy_kiosks} kiosks, 1 tx / 2 s each): "
        f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms"
    )
    print(f"sorter under that load: p99 {result['sorter_p99_ms']} ms per message")
    print(
        f"in-process {result['inprocess_median_ms']} ms, SIP2 {result['sip2_median_ms']} ms, "
        f"HTTP {result['http_median_ms']} ms (medians); "
        f"in-process CPU {result['inprocess_cpu_ms_per_tx']} ms per transaction"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
