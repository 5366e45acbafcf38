"""Sign-up under a crowd, against the real server.

    DATABASE_URL=postgres://... .venv/bin/python bench/registration.py [--quick]

Starts `wenlan run` (gunicorn, the whole middleware stack: sessions, CSRF,
authentication) on a free port, creates one event with an occurrence of --capacity
seats and --attempts distinct readers, each with a logged-in session. Then every
reader posts the event page's sign-up form once, --in-flight requests at a time;
then the plain event page is loaded the same way by the same readers. Checks the
database afterwards: nobody oversold, the waitlist in arrival order (every seat
went to a reader whose lock came before every waiting reader's). The last line of
output is one JSON object.

The HTTP client is a small asyncio one, so that the client costs little CPU next
to the server it measures (they share the machine)."""

import argparse
import asyncio
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")

from benchkit import free_port, raw_request, run_phase, wait_for_port  # noqa: E402

# --- data ------------------------------------------------------------------------------


def setup_data(*, attempts: int, capacity: int, tag: str) -> tuple[int, int, list[str]]:
    """The event, its occurrence and one logged-in session cookie per reader."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.utils import timezone

    from wenlan.events.enums import EventStatus
    from wenlan.events.models import Event, Occurrence, Venue
    from wenlan.network.enums import LibraryKind
    from wenlan.network.models import Library
    from wenlan.patrons.models import Reader

    User = get_user_model()
    library = Library.objects.create(
        code=f"BENCH-{tag}",
        name_zh=f"压测馆 {tag}",
        name_en=f"Bench {tag}",
        kind=LibraryKind.DISTRICT,
        latitude="30.25",
        longitude="120.16",
    )
    venue = Venue.objects.create(name_zh="压测报告厅", library=library)
    event = Event.objects.create(
        title_zh="压测讲座",
        title_en="Benchmark lecture",
        organiser_library=library,
        venue=venue,
        status=EventStatus.PUBLISHED,
        published_at=timezone.now(),
        max_occurrences_per_reader=1,
    )
    starts = timezone.now() + dt.timedelta(days=1)
    occurrence = Occurrence.objects.create(
        event=event, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=capacity
    )
    password = make_password(None)  # unusable: these readers never type a password
    users = User.objects.bulk_create(
        User(username=f"bench{tag}{i:05d}", password=password) for i in range(attempts)
    )
    today = dt.date.today()
    Reader.objects.bulk_create(
        Reader(
            user=user,
            card_number=user.username,
            name=f"压测读者{i}",
            home_library=library,
            registered_on=today,
            expiry_date=today + dt.timedelta(days=365),
        )
        for i, user in enumerate(users)
    )
    store = SessionStore()
    expire = timezone.now() + dt.timedelta(days=1)
    keys, rows = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],  # as a login stores it
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        rows.append(
            DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        keys.append(key)
    DjangoSession.objects.bulk_create(rows, batch_size=500)
    return event.pk, occurrence.pk, keys


def check_data(*, occurrence_id: int) -> dict:
    from wenlan.events.enums import RegistrationStatus
    from wenlan.events.models import Occurrence, Registration

    occurrence = Occurrence.objects.get(pk=occurrence_id)
    rows = list(
        Registration.objects.filter(occurrence_id=occurrence_id)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    confirmed = rows.count(RegistrationStatus.CONFIRMED)
    waitlisted = rows.count(RegistrationStatus.WAITLISTED)
    first_waiting = rows.index(RegistrationStatus.WAITLISTED) if waitlisted else len(rows)
    return {
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "oversold": max(0, confirmed - occurrence.capacity),
        "counters_match": (occurrence.confirmed_count, occurrence.waitlist_count)
        == (confirmed, waitlisted),
        # arrival order is the order of the lock, i.e. of the primary keys
        "waitlist_in_order": all(s == RegistrationStatus.CONFIRMED for s in rows[:first_waiting])
        and all(s == RegistrationStatus.WAITLISTED for s in rows[first_waiting:]),
    }


def cleanup(*, event_id: int, tag: str, keys: list[str]) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session as DjangoSession

    from wenlan.events.models import Event, Registration, Venue
    from wenlan.network.models import Library
    from wenlan.patrons.models import Reader

    event = Event.objects.get(pk=event_id)
    Registration.objects.filter(occurrence__event=event).delete()
    library_id = event.organiser_library_id
    event.delete()
    Venue.objects.filter(library_id=library_id).delete()
    users = get_user_model().objects.filter(username__startswith=f"bench{tag}")
    user_ids = list(users.values_list("pk", flat=True))
    Reader.objects.filter(user_id__in=user_ids).delete()
    for start in range(0, len(keys), 500):
        DjangoSession.objects.filter(session_key__in=keys[start : start + 500]).delete()
    users.delete()
    Library.objects.filter(pk=library_id).delete()


# --- a small HTTP/1.1 client -----------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 readers, 60 seats, 50 in flight")
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--in-flight", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=2)  # as `wenlan run`
    parser.add_argument("--keep", action="store_true", help="leave the bench data in the database")
    args = parser.parse_args()
    if args.quick:
        args.attempts, args.capacity, args.in_flight = 300, 60, 50

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the goal is measured on PostgreSQL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    tag = secrets.token_hex(3)
    event_id, occurrence_id, keys = setup_data(
        attempts=args.attempts, capacity=args.capacity, tag=tag
    )
    connection.close()

    host, port = "127.0.0.1", free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "wenlan"),
            "run",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "WENLAN_LOG_LEVEL": "ERROR"},
    )
    try:
        wait_for_port(port, server, host=host)
        csrf = secrets.token_hex(16)  # 32 letters and digits, as Django makes them
        authority = f"{host}:{port}"

        def cookie(key: str) -> str:
            return f"sessionid={key}; csrftoken={csrf}"

        body = f"csrfmiddlewaretoken={csrf}&event={event_id}".encode()
        warm = [
            raw_request("GET", f"/events/{event_id}/", host=authority, cookie=cookie(keys[0]))
        ] * (args.workers * args.threads * 4)
        asyncio.run(run_phase(warm, host=host, port=port, in_flight=args.workers * args.threads))
        signups = [
            raw_request(
                "POST",
                f"/events/occurrences/{occurrence_id}/register/",
                host=authority,
                cookie=cookie(key),
                body=body,
            )
            for key in keys
        ]
        signup = asyncio.run(run_phase(signups, host=host, port=port, in_flight=args.in_flight))
        pages = [
            raw_request("GET", f"/events/{event_id}/", host=authority, cookie=cookie(key))
            for key in keys
        ]
        page = asyncio.run(run_phase(pages, host=host, port=port, in_flight=args.in_flight))
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcome = check_data(occurrence_id=occurrence_id)
    result = {
        "attempts": args.attempts,
        "in_flight": args.in_flight,
        "capacity": args.capacity,
        "confirmed": outcome["confirmed"],
        "oversold": outcome["oversold"],
        "waitlisted": outcome["waitlisted"],
        "waitlist_in_order": outcome["waitlist_in_order"],
        "counters_match": outcome["counters_match"],
        "signup_statuses": signup["statuses"],
        "page_statuses": page["statuses"],
        "p50_ms": round(signup["p50_ms"], 1),
        "p99_ms": round(signup["p99_ms"], 1),
        "page_p50_ms": round(page["p50_ms"], 1),
        "page_p99_ms": round(page["p99_ms"], 1),
        "signup_rps": round(signup["rps"], 1),
        "page_rps": round(page["rps"], 1),
        "signup_over_page": round(signup["rps"] / page["rps"], 3),
        "workers": args.workers,
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "database": connection.vendor,
    }
    if not args.keep:
        cleanup(event_id=event_id, tag=tag, keys=keys)
    print(
        f"{args.attempts} readers for {args.capacity} seats, {args.in_flight} in flight: "
        f"{result['confirmed']} confirmed, {result['waitlisted']} waitlisted, "
        f"{result['oversold']} oversold; sign-up {result['signup_rps']}/s "
        f"(p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms), page {result['page_rps']}/s"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
