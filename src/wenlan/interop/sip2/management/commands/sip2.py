import asyncio
import contextlib
import multiprocessing
import os
import signal

from django.core.management.base import BaseCommand
from django.db import connections

from wenlan.interop.sip2.server import Sip2Server


class Command(BaseCommand):
    help = (
        "Serve SIP 2.00 for self-check kiosks and sorting machines. With --workers N, "
        "N processes share the port (SO_REUSEPORT) and the kernel spreads the kiosks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("WENLAN_SIP2_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("WENLAN_SIP2_PORT", "6001"))
        )
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--threads", type=int, default=16, help="per worker")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options):
        self.stdout.write(f"Wenlan SIP2 server on {host}:{port} ({workers} workers)")
        self.stdout.flush()
        if workers <= 1:
            _serve_forever(host, port, threads, False)
            return
        connections.close_all()  # each worker opens its own
        context = multiprocessing.get_context("fork")
        children = [
            context.Process(target=_serve_forever, args=(host, port, threads, True), daemon=True)
            for _ in range(workers)
        ]
        for child in children:
            child.start()

        def stop(signum, frame):
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            for child in children:
                child.join()
        except KeyboardInterrupt:
            stop(None, None)


def _serve_forever(host: str, port: int, threads: int, reuse_port: bool) -> None:
    async def run() -> None:
        server = await Sip2Server(threads=threads).serve(host, port, reuse_port=reuse_port)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
