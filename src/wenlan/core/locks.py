"""What every row lock in Wenlan shares: it is taken inside a transaction (a lock
outside one would be let go at once, and the check after it would guard
nothing), it waits a bounded time, and a lock not had in time is a retryable
BusyError rather than a server error. The apps' `locks.py` modules hold the
ordered `select_for_update` statements; they wrap each in `row_lock`."""

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

from wenlan.core import rawsql
from wenlan.core.errors import BusyError

P = ParamSpec("P")
T = TypeVar("T")


class LockOutsideTransactionError(RuntimeError):
    """A programming error, as pretix's lock_objects calls it: a row lock taken in
    autocommit ends with its statement."""


def ensure_in_transaction() -> None:
    if not connection.in_atomic_block:
        raise LockOutsideTransactionError("row locks are taken inside transaction.atomic()")


def _is_lock_timeout(error: OperationalError) -> bool:
    # PostgreSQL: lock_not_available (55P03); SQLite: "database is locked".
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    return sqlstate == "55P03" or "locked" in str(error)


@contextlib.contextmanager
def busy_on_lock_timeout() -> Iterator[None]:
    """A lock not had in time becomes BusyError (the client tries again)."""
    try:
        yield
    except OperationalError as error:
        if _is_lock_timeout(error):
            raise BusyError() from error
        raise


@contextlib.contextmanager
def lock_timeout(*, ms: int) -> Iterator[None]:
    """Every lock taken from here to the end of the transaction waits at most `ms`
    milliseconds (PostgreSQL's `SET LOCAL lock_timeout`; SQLite has one writer and
    its own busy timeout), and inside the block a lock not had in time raises
    BusyError."""
    ensure_in_transaction()
    if connection.vendor == "postgresql":
        # SET LOCAL, as a function so that its value can be a (prepared) parameter.
        with rawsql.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{ms}ms"])
    with busy_on_lock_timeout():
        yield


def row_lock(function: Callable[P, T]) -> Callable[P, T]:
    """For the functions of an app's `locks.py`: refused outside a transaction,
    and a lock not had in time is BusyError wherever it is called from."""

    @functools.wraps(function)
    def locked(*args: P.args, **kwargs: P.kwargs) -> T:
        ensure_in_transaction()
        with busy_on_lock_timeout():
            return function(*args, **kwargs)

    return locked
