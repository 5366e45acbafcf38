"""A progress bar on stderr for the long-running commands (import, reindex)."""

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(
        self, total: int | None, *, label: str, stream: TextIO | None = None, every: float = 0.2
    ):
        self.total, self.label, self.count = total, label, 0
        self.stream = stream or sys.stderr
        self.started = self._last = time.monotonic()
        self.every = every

    def __call__(self, step: int = 1) -> None:
        self.count += step
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.count / elapsed
        if self.total:
            done = min(self.count / self.total, 1.0)
            bar = "#" * int(done * 30)
            line = f"\r{self.label} [{bar:<30}] {self.count}/{self.total} {rate:,.0f}/s"
        else:
            line = f"\r{self.label} {self.count} {rate:,.0f}/s"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()
