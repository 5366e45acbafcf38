"""`wenlan`: the one command for operators.

wenlan run [--host H] [--port P] [--workers N]   serve with gunicorn, and the task worker
            [--no-worker]                        beside it (restarted if it dies)
wenlan demo                                      load the demo network (idempotent)
wenlan worker                                    run background tasks (notices, index) alone
wenlan sip2 [--host H] [--port P]                SIP2 server for self-check kiosks
wenlan createstaff USER --role ROLE [...]        create a staff account
wenlan <any Django management command>           e.g. wenlan migrate, wenlan check --deploy
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time

# gunicorn's access log line: client, time, method, path (not the query string),
# status, size, user agent.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


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
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not run the task worker (when `wenlan worker` runs on its own)",
    )
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
        # The path without the query string, and no referrer: a desk's address
        # carries a reader's card number or e-card (?card=), a search a name (?q=).
        f"--access-logformat={ACCESS_LOG_FORMAT}",
        "--graceful-timeout=10",
        # gunicorn's largest request line, so that a too-long address reaches
        # Django and gets the site's own page (core.url_limits), not a bare 414.
        "--limit-request-line=8190",
    ]
    print(f"Wenlan serving on http://{args.host}:{args.port}/ ({args.workers} workers)", flush=True)
    supervisor = None if args.no_worker else WorkerSupervisor()
    if supervisor is not None:
        supervisor.start()
    try:
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    finally:
        # gunicorn leaves through SystemExit on SIGINT/SIGTERM; the worker goes with it.
        if supervisor is not None:
            supervisor.stop()


class WorkerSupervisor:
    """Runs `wenlan worker` as a child process and starts it again if it dies.

    The child runs in its own session, so a Ctrl-C in the terminal reaches only
    the web server, which then stops the worker here (a worker that died of the
    same signal would otherwise be restarted). The child also watches this
    process and stops if it is gone (`_watch_parent`)."""

    RESTART_DELAY_SECONDS = 1.0

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="wenlan-worker", daemon=True)

    def command(self) -> list[str]:
        interval = os.environ.get("WENLAN_WORKER_INTERVAL", "0.2")
        return [
            sys.executable,
            "-m",
            "wenlan.cli",
            "worker",
            f"--interval={interval}",
            "--no-startup-delay",
            "--no-reload",
        ]

    def start(self) -> None:
        # The first worker starts here, before gunicorn forks its web workers. A fork
        # in another thread while Popen waits for its child's exec hands the web
        # worker Popen's error pipe, and Popen then waits for that web worker to end.
        self._started(self._spawn())
        self._thread.start()

    @staticmethod
    def _started(process: subprocess.Popen | None) -> subprocess.Popen | None:
        if process is not None:
            print(f"Task worker started (pid {process.pid})", flush=True)
        return process

    def _spawn(self) -> subprocess.Popen | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            env = dict(os.environ, WENLAN_WORKER_PARENT_PID=str(os.getpid()))
            self._process = subprocess.Popen(self.command(), env=env, start_new_session=True)
            return self._process

    def _supervise(self) -> None:
        delay = self.RESTART_DELAY_SECONDS / 2
        process = self._process
        while not self._stopping.is_set():
            process = process or self._started(self._spawn())
            if process is None:
                return
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            # A worker that cannot start (say, the database is not migrated) is
            # tried again less and less often, up to once a minute.
            lived = time.monotonic() - started
            delay = self.RESTART_DELAY_SECONDS if lived > 10 else min(60.0, delay * 2)
            print(
                f"Task worker (pid {process.pid}) exited with code {code}; restarting",
                file=sys.stderr,
                flush=True,
            )
            self._stopping.wait(delay)
            process = None

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _watch_parent(parent_pid: int) -> None:
    """In a worker started by `wenlan run`: stop when that process is gone (killed
    without the chance to stop its worker), so no orphaned worker keeps running."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="wenlan-parent-watch", daemon=True).start()


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
    if argv and argv[0] == "worker":  # the background task worker (django-tasks' db_worker)
        argv[0] = "db_worker"
        if parent := os.environ.get("WENLAN_WORKER_PARENT_PID"):
            _watch_parent(int(parent))
        _setup_django()
        import django

        from wenlan.core import text

        django.setup()
        # The first index sync would otherwise wait for the segmenter's dictionaries.
        text.warm_up()
    _setup_django()
    if argv and argv[0] in NEEDS_MIGRATED_DATABASE:
        _refuse_unmigrated_database()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wenlan", *argv] if argv else ["wenlan", "help"])


# Wenlan's commands that read or write its tables (`demo` migrates by itself).
NEEDS_MIGRATED_DATABASE = frozenset(
    {
        "analytics",
        "circulation-scan",
        "clean-media",
        "createapikey",
        "createstaff",
        "db_worker",
        "events-mark-no-shows",
        "import-ical",
        "import-marc",
        "kb",
        "o2o",
        "reindex",
        "sip2",
        "thinktank",
    }
)


def _refuse_unmigrated_database() -> None:
    """One line saying what to run, instead of a "no such table" traceback."""
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(
            "error: the database has unapplied migrations; run `wenlan migrate` first",
            file=sys.stderr,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
