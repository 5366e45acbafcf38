"""The asyncio SIP2 server. Each connection reads CR-terminated requests in
order; the (sync) services run in a thread pool, so one slow transaction never
holds up another kiosk. A bad checksum asks for a resend (96), an unreadable
message gets a refusal, and a request is never answered by hanging up."""

import asyncio
import logging
import threading
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial

from django.db import close_old_connections

from wenlan.interop.sip2.handlers import Reply, Session
from wenlan.interop.sip2.messages import (
    ChecksumError,
    Message,
    MessageError,
    build,
    parse,
)

log = logging.getLogger("wenlan.sip2")
MAX_MESSAGE_BYTES = 8192


_thread_state = threading.local()
CONNECTION_CHECK_SECONDS = 1.0


def _run(session: Session, message: Message) -> Reply:
    """In a pool thread. Its database connection is checked (and replaced when
    broken or too old) as Django does per request, but at most once a second:
    a kiosk's messages come many a second under load."""
    now = time.monotonic()
    if now - getattr(_thread_state, "checked", 0.0) >= CONNECTION_CHECK_SECONDS:
        close_old_connections()
        _thread_state.checked = now
    try:
        return session.handle(message)
    except Exception:
        close_old_connections()  # a failed connection is not used again
        raise


def _refuse(session: Session, error: MessageError) -> Reply:
    if isinstance(error, ChecksumError):
        return Reply("96", "")
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override("zh-hans"):
        return session.refusal(None, _("无法识别的请求。"), code=error.code or "96")


def _failure_reply(session: Session, message: Message) -> Reply:
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override("zh-hans"):
        return session.refusal(message, _("系统暂时无法处理，请到服务台办理。"))


class Sip2Server:
    def __init__(self, *, threads: int = 16, executor: Executor | None = None):
        """`executor` replaces the thread pool (tests pass one that runs inline
        on the test's own database connection)."""
        self.inline = executor is not None
        self.executor = executor or ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="sip2"
        )
        self.connections = 0

    async def respond(self, session: Session, raw: bytes) -> tuple[bytes, bool]:
        """The response to one request, and whether to keep it for a 97 resend."""
        loop = asyncio.get_running_loop()
        try:
            message = parse(raw)
        except MessageError as error:
            reply = _refuse(session, error)
            with_checksum = session.error_detection or b"AZ" in raw[-8:]
            return build(
                reply.code, reply.fixed, reply.fields, with_checksum=with_checksum, sequence=None
            ), False
        if message.has_checksum:
            session.error_detection = True
        elif session.error_detection:
            # This kiosk sends checksums: a message without one lost its trailer.
            return build("96", with_checksum=True), False
        if message.code == "97":
            return b"", False
        run = session.handle if self.inline else partial(_run, session)
        try:
            reply = await loop.run_in_executor(self.executor, run, message)
        except Exception:  # the transport's last resort: answer, log, keep the kiosk
            log.exception("SIP2 %s failed", message.code)
            reply = _failure_reply(session, message)
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
        session = Session()
        last = b""
        self.connections += 1
        try:
            while True:
                try:
                    raw = await reader.readuntil(b"\r")
                except asyncio.LimitOverrunError:
                    # Too long to be SIP2: drop it up to its line end and refuse it.
                    await _discard_line(reader)
                    writer.write(build("96", with_checksum=True))
                    await writer.drain()
                    continue
                except asyncio.IncompleteReadError:
                    return
                raw = raw.strip(b"\r\n")
                if not raw:
                    continue
                response, keep = await self.respond(session, raw)
                if not response:  # 97: the SC asks for our last answer again
                    response = last or build("96", with_checksum=True)
                elif keep:
                    last = response
                writer.write(response)
                await writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            return
        finally:
            self.connections -= 1
            writer.close()

    async def serve(self, host: str, port: int, *, reuse_port: bool = False) -> asyncio.Server:
        return await asyncio.start_server(
            self.serve_connection, host, port, limit=MAX_MESSAGE_BYTES, reuse_port=reuse_port
        )


async def _discard_line(reader: asyncio.StreamReader) -> None:
    while True:
        try:
            await reader.readuntil(b"\r")
            return
        except asyncio.LimitOverrunError as error:
            await reader.readexactly(error.consumed)
