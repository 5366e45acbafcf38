"""What the benchmarks that drive the real server share: a free port, waiting for the
server, percentiles, and two small asyncio HTTP/1.1 clients that cost little CPU next
to the server they measure (they share the machine).

- `Connection` sends prepared raw requests (`raw_request`) and reads the status:
  pages and forms, driven by `run_phase` with a number of requests in flight.
- `JsonClient` posts JSON to the API with an API key or a reader's session, and
  returns the time, the status and the decoded answer.
"""

import asyncio
import json
import socket
import statistics
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process, *, timeout: float = 60, host: str = "127.0.0.1") -> None:
    """Until the server started as `process` accepts connections on `port`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited; see its output above")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by the nearest rank; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def raw_request(method: str, path: str, *, host: str, cookie: str, body: bytes = b"") -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        f"Cookie: {cookie}",
        "Connection: keep-alive",
        "Accept: text/html",
    ]
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            name, value = name.strip().lower(), value.strip()
            # Set-Cookie comes once per cookie: kept one a line.
            headers[name] = f"{headers[name]}\n{value}" if name in headers else value
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return status, headers, body


class Connection:
    """One kept-alive connection sending prepared requests, one at a time."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> int:
        for attempt in (1, 2):  # a kept-alive connection the server closed: reconnect once
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(raw)
                await self.writer.drain()
                status, headers, _ = await _read_response(self.reader)
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_phase(requests: list[bytes], *, host: str, port: int, in_flight: int) -> dict:
    """Sends every request, `in_flight` at a time on as many connections: requests a
    second, the wall time, p50/p95/p99 in milliseconds and the count of each status."""
    queue: asyncio.Queue = asyncio.Queue()
    for raw in requests:
        queue.put_nowait(raw)
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def worker():
        connection = Connection(host, port)
        while True:
            try:
                raw = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            started = time.perf_counter()
            status = await connection.request(raw)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    wall = time.perf_counter() - started
    return {
        "rps": round(len(requests) / wall, 1),
        "wall_s": round(wall, 2),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "statuses": statuses,
    }


class JsonClient:
    """JSON posts to the API on one kept-alive connection, with an API key or a
    reader's session (and CSRF's double submit). A visitor keeps the session the
    server gives them. A connection the server closed while idle is opened again and
    the request sent again, timed from the second sending."""

    def __init__(self, host: str, port: int, key: str = "", *, session: str = ""):
        self.host, self.port = host, port
        self.key, self.session = key, session
        self.reader = self.writer = None

    @property
    def headers(self) -> str:
        if self.key:
            return f"X-API-Key: {self.key}\r\n"
        csrf = "b" * 32
        cookie = f"csrftoken={csrf}" + (f"; sessionid={self.session}" if self.session else "")
        return f"Cookie: {cookie}\r\nX-CSRFToken: {csrf}\r\n"

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def post(self, path: str, body: dict) -> tuple[float, int, dict]:
        if self.writer is None:
            await self.connect()
        try:
            return await self._post(path, body)
        except (asyncio.IncompleteReadError, ConnectionError):
            self.close()
            await self.connect()
            return await self._post(path, body)

    async def _post(self, path: str, body: dict) -> tuple[float, int, dict]:
        payload = json.dumps(body).encode()
        raw = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.headers}"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        ).encode() + payload
        started = time.perf_counter()
        self.writer.write(raw)
        await self.writer.drain()
        status, headers, data = await _read_response(self.reader)
        elapsed = (time.perf_counter() - started) * 1000
        for cookie in headers.get("set-cookie", "").split("\n"):
            if cookie.startswith("sessionid="):
                self.session = cookie.split("=", 1)[1].split(";")[0]
        return elapsed, status, json.loads(data) if data else {}

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
