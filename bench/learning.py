"""A lesson page and a class enrolment on the demo, against the production server.

    DATABASE_URL=postgres://... .venv/bin/python bench/learning.py [--quick]

Loads the demo if its learning part is not there (`wenlan demo`), adds --readers
readers with signed-in sessions and a class of the demo's blended course with
--capacity places, starts `wenlan run` (gunicorn, 2 threads per worker, the whole
middleware stack) on a free port, then: every reader opens a lesson page of the
demo's finished course (video, text and the quiz, with their progress), then every
reader posts the enrol form of the class (the first --capacity get a place, the
rest the waiting list), --in-flight requests at a time. Checks the class
afterwards (no place taken twice, counters equal to the rows). Goal (issue #17):
p95 under 100 ms for both. The last line is one JSON object.

The HTTP client is the one of bench/registration.py (asyncio, keep-alive)."""

import argparse
import asyncio
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


def setup_data(*, readers: int, capacity: int, tag: str) -> dict:
    """The demo's lesson, a new class of its blended course, readers with sessions."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.core.management import call_command
    from django.utils import timezone

    from wenlan.accounts.actors import SYSTEM
    from wenlan.learning.models import Course, Lesson
    from wenlan.learning.services import classes
    from wenlan.network.models import Library
    from wenlan.patrons.models import Reader

    if not Course.objects.filter(title_zh="宋韵文化十讲").exists():
        call_command("demo")
    finished = Course.objects.get(title_zh="用好图书馆：数字资源入门")
    lesson = Lesson.objects.filter(course=finished, quiz__isnull=False).get()
    blended = Course.objects.get(title_zh="宋韵文化十讲")
    library = Library.objects.get(code="XH")
    course_class = classes.class_create(
        actor=SYSTEM,
        course_id=blended.pk,
        library_id=library.pk,
        room=f"压测教室 {tag}",
        teacher_name="压测老师",
        capacity=capacity,
    )
    User = get_user_model()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"lbench{tag}{i:05d}", password=password) for i in range(readers)
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
    store, expire = SessionStore(), timezone.now() + dt.timedelta(days=1)
    keys, rows = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        rows.append(
            DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        keys.append(key)
    DjangoSession.objects.bulk_create(rows, batch_size=500)
    return {"lesson_id": lesson.pk, "class_id": course_class.pk, "keys": keys}


def check_and_clean(*, class_id: int, tag: str, keys: list[str], keep: bool) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session as DjangoSession

    from wenlan.learning.models import CourseClass, Enrolment
    from wenlan.patrons.models import Reader

    course_class = CourseClass.objects.get(pk=class_id)
    statuses = list(
        Enrolment.objects.filter(course_class=course_class).values_list("status", flat=True)
    )
    enrolled, waiting = statuses.count("enrolled"), statuses.count("waitlisted")
    outcome = {
        "enrolled": enrolled,
        "waitlisted": waiting,
        "overfull": max(0, enrolled - course_class.capacity),
        "counters_match": (course_class.enrolled_count, course_class.waitlist_count)
        == (enrolled, waiting),
    }
    if not keep:
        Enrolment.objects.filter(course_class=course_class).delete()
        course_class.delete()
        users = get_user_model().objects.filter(username__startswith=f"lbench{tag}")
        Reader.objects.filter(user__in=users).delete()
        DjangoSession.objects.filter(session_key__in=keys).delete()
        users.delete()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 readers, 30 places")
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--in-flight", type=int, default=4)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=2)  # as `wenlan run`
    parser.add_argument("--keep", action="store_true", help="leave the bench data in the database")
    args = parser.parse_args()
    if args.quick:
        args.readers, args.capacity = 100, 30

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the goal is measured on PostgreSQL", file=sys.stderr)
    call_command("migrate", verbosity=0)
    tag = secrets.token_hex(3)
    data = setup_data(readers=args.readers, capacity=args.capacity, tag=tag)
    connection.close()

    host, port = "127.0.0.1", free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "wenlan"), "run", "--no-worker", "--host", host,
         "--port", str(port), "--workers", str(args.workers), "--threads", str(args.threads)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "WENLAN_LOG_LEVEL": "ERROR"},
    )  # fmt: skip
    try:
        wait_for_port(port, server, host=host)
        csrf = secrets.token_hex(16)
        authority = f"{host}:{port}"

        def cookie(key: str) -> str:
            return f"sessionid={key}; csrftoken={csrf}"

        lesson_path = f"/learning/lessons/{data['lesson_id']}/"
        warm = [
            raw_request("GET", lesson_path, host=authority, cookie=cookie(data["keys"][0]))
        ] * 20
        asyncio.run(run_phase(warm, host=host, port=port, in_flight=args.in_flight))
        pages = [
            raw_request("GET", lesson_path, host=authority, cookie=cookie(k)) for k in data["keys"]
        ]
        page = asyncio.run(run_phase(pages, host=host, port=port, in_flight=args.in_flight))
        body = f"csrfmiddlewaretoken={csrf}".encode()
        enrol_path = f"/learning/classes/{data['class_id']}/enrol/"
        posts = [
            raw_request("POST", enrol_path, host=authority, cookie=cookie(k), body=body)
            for k in data["keys"]
        ]
        enrol = asyncio.run(run_phase(posts, host=host, port=port, in_flight=args.in_flight))
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcome = check_and_clean(class_id=data["class_id"], tag=tag, keys=data["keys"], keep=args.keep)
    result = {
        "readers": args.readers,
        "capacity": args.capacity,
        "in_flight": args.in_flight,
        "lesson_page": page,
        "enrolment": enrol,
        **outcome,
        "workers": args.workers,
        "threads": args.threads,
        "database": connection.vendor,
        "goal_met": page["p95_ms"] < 100 and enrol["p95_ms"] < 100,
    }
    print(
        f"lesson page p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms ({page['rps']}/s); "
        f"enrolment p50 {enrol['p50_ms']} ms, p95 {enrol['p95_ms']} ms ({enrol['rps']}/s); "
        f"{outcome['enrolled']} enrolled, {outcome['waitlisted']} waiting, "
        f"{outcome['overfull']} over capacity"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
