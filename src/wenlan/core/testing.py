"""The race harness: the same attempt made by many threads at one instant, each on a
connection of its own, as desks, kiosks and a crowd of readers make it. Races are
run on PostgreSQL (SQLite lets one writer in at a time, so it cannot race); a test
module starts with `pytestmark = race_marks` and calls `race` or `race_all`.

Only tests import this module."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection

from wenlan.core.errors import WenlanError

race_marks = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

THREAD_TIMEOUT_SECONDS = 60


def skip_unless_postgres(reason: str = "SQLite serialises writers") -> None:
    if connection.vendor != "postgresql":
        pytest.skip(f"races are tested on PostgreSQL (set DATABASE_URL); {reason}")


@dataclass
class RaceOutcome:
    """What each attempt returned or refused with, in the attempts' order (None in
    the other list's place), and the two lists of only what happened."""

    results: list[Any] = field(default_factory=list)
    refusals: list[WenlanError | None] = field(default_factory=list)

    @property
    def wins(self) -> list[Any]:
        return [r for r, e in zip(self.results, self.refusals, strict=True) if e is None]

    @property
    def losses(self) -> list[WenlanError]:
        return [e for e in self.refusals if e is not None]

    @property
    def each(self) -> list[Any]:
        """Each attempt's result, or its refusal."""
        return [e if e is not None else r for r, e in zip(self.results, self.refusals, strict=True)]

    def __iter__(self):
        """Unpacks as `wins, losses`."""
        return iter((self.wins, self.losses))


def race_all(attempts: Sequence[Callable[[], Any]]) -> RaceOutcome:
    """Run every attempt in a thread of its own, all released at once. A domain error
    (`WenlanError`) is the attempt's refusal; any other error fails the test."""
    count = len(attempts)
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    refusals: list[WenlanError | None] = [None] * count
    unexpected: list[BaseException] = []
    finished = [False] * count

    def run(n: int) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT_SECONDS)
            results[n] = attempts[n]()
        except WenlanError as error:
            refusals[n] = error
        except Exception as error:  # noqa: BLE001 - reported below
            unexpected.append(error)
        finally:
            finished[n] = True
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THREAD_TIMEOUT_SECONDS)
    assert all(finished), f"{finished.count(False)} of {count} attempts still running"
    if unexpected:
        raise AssertionError(f"{len(unexpected)} attempts failed: {unexpected!r}") from (
            unexpected[0]
        )
    return RaceOutcome(results=results, refusals=refusals)


def race(count: int, attempt: Callable[[int], Any]) -> RaceOutcome:
    """`attempt(n)` for n in 0..count-1, all at once."""
    return race_all([lambda n=n: attempt(n) for n in range(count)])
