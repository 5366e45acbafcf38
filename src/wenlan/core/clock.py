"""The one source of time. Tests move it with `freeze`; code never calls
datetime.now() or timezone.now() directly."""

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def localnow() -> dt.datetime:
    return timezone.localtime(now())


def today() -> dt.date:
    return localnow().date()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the library's time zone: the lower bound of
    a day's rows, and (for the next day) the upper one."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@contextlib.contextmanager
def freeze(at: dt.datetime) -> Iterator[None]:
    global _frozen
    previous, _frozen = _frozen, at
    try:
        yield
    finally:
        _frozen = previous
