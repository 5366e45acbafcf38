"""A kiosk for the tests: a real server on a socket, its handlers run inline on
the test's database connection."""

import asyncio
from concurrent.futures import Executor, Future

from django.db import connections

from wenlan.accounts.tests.factories import PASSWORD
from wenlan.interop.sip2.messages import build
from wenlan.interop.sip2.server import Sip2Server

DATE = "20261125    100000"


class InlineExecutor(Executor):
    """Runs each handler call at once on the test's own database connection (in
    an event loop Django would otherwise open a new one), inside its transaction."""

    def __init__(self):
        self.connection = connections["default"]

    def submit(self, fn, /, *args, **kwargs) -> Future:
        connections["default"] = self.connection
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:
            future.set_exception(error)
        return future


def converse(requests: list[bytes]) -> list[bytes]:
    """Send each request (CR added) on one connection; collect each answer."""

    executor = InlineExecutor()  # made here, outside the event loop: the test's connection

    async def run():
        server = await Sip2Server(executor=executor).serve("127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        answers = []
        for request in requests:
            writer.write(request + b"\r")
            await writer.drain()
            answers.append((await asyncio.wait_for(reader.readuntil(b"\r"), 5)).rstrip(b"\r"))
        writer.close()
        server.close()
        await server.wait_closed()
        return answers

    return asyncio.run(run())


def login(sequence: str = "0") -> bytes:
    return build(
        "93",
        "00",
        [("CN", "kiosk-hz"), ("CO", PASSWORD), ("CP", "HZ")],
        sequence=sequence,
        with_checksum=True,
    ).rstrip(b"\r")


def request(code: str, fixed: str, fields, sequence: str = "1") -> bytes:
    return build(code, fixed, fields, sequence=sequence, with_checksum=True).rstrip(b"\r")
