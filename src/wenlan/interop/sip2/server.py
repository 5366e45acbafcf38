"""The asyncio SIP2 server. Each connection reads CR-terminated requests in
order; the (sync) services run in a thread pool, so one slow transaction never
holds up another kiosk. A bad checksum asks for a resend (96), an unreadable
message gets a refusal, and a request is never answered by hanging up."""

import asyncio
import logging
import threading
import time
from collections import Counter
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.db import close_old_connections

from wenlan.interop.sip2.handlers import Connection
from wenlan.interop.sip2.messages import (
    ChecksumError,
    Message,
    MessageError,
    build,
    parse,
)
from wenlan.interop.sip2.replies import Reply

log = logging.getLogger("wenlan.sip2")
MAX_MESSAGE_BYTES = 8192


_thread_state = threading.local()
CONNECTION_CHECK_SECONDS = 1.0


def _run(connection: Connection, message: Message) -> Reply:
    """In a pool thread. Its database connection is checked (and replaced when
    broken or too old) as Django does per request, but at most once a second:
    a kiosk's messages come many a second under load."""
    now = time.monotonic()
    if now - getattr(_thread_state, "checked", 0.0) >= CONNECTION_CHECK_SECONDS:
        close_old_connections()
        _thread_state.checked = now
    try:
        return connection.handle(message)
    except Exception:
        close_old_connections()  # a failed connection is not used again
        raise


def _refuse(connection: Connection, error: MessageError) -> Reply:
    if isinstance(error, ChecksumError):
        return Reply("96", "")
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override("zh-hans"):
        return connection.refusal(None, _("无法识别的请求。"), code=error.code or "96")


def _failure_reply(connection: Connection, message: Message) -> Reply:
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override("zh-hans"):
        return connection.refusal(message, _("系统暂时无法处理，请到服务台办理。"))


class Sip2Server:
    def __init__(
        self,
        *,
        threads: int = 16,
        executor: Executor | None = None,
        max_per_address: int | None = None,
        idle_seconds: float | None = None,
    ):
        """`executor` replaces the thread pool (tests pass one that runs inline
        on the test's own database connection). The limits default to
        WENLAN_SIP2_MAX_CONNECTIONS_PER_ADDRESS and WENLAN_SIP2_IDLE_SECONDS."""
        self.inline = executor is not None
        self.executor = executor or ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="sip2"
        )
        self.max_per_address = (
            settings.WENLAN_SIP2_MAX_CONNECTIONS_PER_ADDRESS
            if max_per_address is None
            else max_per_address
        )
        self.idle_seconds = (
            settings.WENLAN_SIP2_IDLE_SECONDS if idle_seconds is None else idle_seconds
        )
        self.connections = 0
        self.open_by_address: Counter[str] = Counter()

    async def respond(self, connection: Connection, raw: bytes) -> tuple[bytes, bool]:
        """The response to one request, and whether to keep it for a 97 resend."""
        loop = asyncio.get_running_loop()
        try:
            message = parse(raw)
        except MessageError as error:
            reply = _refuse(connection, error)
            with_checksum = connection.error_detection or b"AZ" in raw[-8:]
            return build(
                reply.code, reply.fixed, reply.fields, with_checksum=with_checksum, sequence=None
            ), False
        if message.has_checksum:
            connection.error_detection = True
        elif connection.error_detection:
            # This kiosk sends checksums: a message without one lost its trailer.
            return build("96", with_checksum=True), False
        if message.code == "97":
            return b"", False
        run = connection.handle if self.inline else partial(_run, connection)
        try:
            reply = await loop.run_in_executor(self.executor, run, message)
        except Exception:  # the transport's last resort: answer, log, keep the kiosk
            log.exception("SIP2 %s failed", message.code)
            reply = _failure_reply(connection, message)
        return (
            build(
                reply.code,
                reply.fixed,
                reply.fields,
                sequence=message.sequence,
                with_checksum=message.has_checksum,
            ),
            True,
        )

    async def serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if peer else ""
        if self.max_per_address and self.open_by_address[address] >= self.max_per_address:
            log.warning(
                "SIP2 connection from %s refused: %d already open",
                address,
                self.open_by_address[address],
            )
            writer.close()
            return
        self.open_by_address[address] += 1
        self.connections += 1
        try:
            await self._converse(Connection(address=address), reader, writer, address)
        except (ConnectionResetError, BrokenPipeError):
            return
        except asyncio.CancelledError:
            # The server is stopping. Ending quietly spares a traceback per open
            # kiosk: Python 3.11's stream callback asks a cancelled task for its
            # exception, which raises.
            return
        finally:
            self.connections -= 1
            self.open_by_address[address] -= 1
            if not self.open_by_address[address]:
                del self.open_by_address[address]
            writer.close()

    async def _converse(
        self,
        connection: Connection,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        address: str,
    ) -> None:
        last = b""
        while True:
            try:
                raw = await asyncio.wait_for(
                    reader.readuntil(b"\r"), timeout=self.idle_seconds or None
                )
            except TimeoutError:
                log.info(
                    "SIP2 connection from %s closed: silent for %ss", address, self.idle_seconds
                )
                return
            except asyncio.LimitOverrunError:
                # No SIP2 message is this long: a client that sends one is not a
                # kiosk, and reading on would only hold its bytes.
                log.warning(
                    "SIP2 connection from %s closed: %d bytes without a line end",
                    address,
                    MAX_MESSAGE_BYTES,
                )
                return
            except asyncio.IncompleteReadError:
                return
            raw = raw.strip(b"\r\n")
            if not raw:
                continue
            response, keep = await self.respond(connection, raw)
            if not response:  # 97: the SC asks for our last answer again
                response = last or build("96", with_checksum=True)
            elif keep:
                last = response
            writer.write(response)
            await writer.drain()

    async def serve(self, host: str, port: int, *, reuse_port: bool = False) -> asyncio.Server:
        return await asyncio.start_server(
            self.serve_connection, host, port, limit=MAX_MESSAGE_BYTES, reuse_port=reuse_port
        )
