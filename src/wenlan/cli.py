"""`wenlan`: the one command for operators.

wenlan run [--host H] [--port P] [--workers N]   serve with gunicorn (production server)
wenlan demo                                      load the demo network (idempotent)
wenlan worker                                    run background tasks (notices, index)
wenlan sip2 [--host H] [--port P]                SIP2 server for self-check kiosks
wenlan createstaff USER --role ROLE [...]        create a staff account
wenlan <any Django management command>           e.g. wenlan migrate, wenlan check --deploy
"""

import argparse
import os
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")


def _run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="wenlan run", description="Serve Wenlan with gunicorn.")
    parser.add_argument("--host", default=os.environ.get("WENLAN_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WENLAN_PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WENLAN_WORKERS", str(os.cpu_count() or 1))),
    )
    # Two threads per process, measured with bench/registration.py on two cores: a
    # thread waiting for PostgreSQL leaves the core to the other, and a thread back
    # from a row lock gets the GIL sooner than among four (docs/benchmarks.md).
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WENLAN_THREADS", "2")))
    args = parser.parse_args(argv)

    _setup_django()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", fail_level="ERROR")
    _warn_unapplied_migrations()

    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = [
        "gunicorn",
        "wenlan.conf.wsgi:application",
        f"--bind={args.host}:{args.port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--worker-class=gthread",
        "--access-logfile=-",
        "--graceful-timeout=10",
        # gunicorn's largest request line, so that a too-long address reaches
        # Django and gets the site's own page (core.url_limits), not a bare 414.
        "--limit-request-line=8190",
    ]
    print(f"Wenlan serving on http://{args.host}:{args.port}/ ({args.workers} workers)", flush=True)
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()


def _warn_unapplied_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(
            "warning: the database has unapplied migrations; run `wenlan migrate`", file=sys.stderr
        )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "run":
        _run(argv[1:])
        return
    if argv and argv[0] == "worker":  # the background task worker
        argv[0] = "db_worker"
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wenlan", *argv] if argv else ["wenlan", "help"])


if __name__ == "__main__":
    main()
