"""The race harness releases every attempt at once and sorts what came back."""

import threading

import pytest

from wenlan.core.errors import ConflictError
from wenlan.core.testing import race, race_all


def test_the_attempts_run_at_the_same_time_and_come_back_in_their_order():
    # Each attempt waits for all four: run one after another, they would time out.
    all_running = threading.Barrier(4)

    def attempt(n: int) -> int:
        all_running.wait(timeout=10)
        return n * 10

    outcome = race(4, attempt)
    assert outcome.results == [0, 10, 20, 30]
    assert outcome.losses == []


def test_a_domain_error_is_a_refusal_kept_in_the_attempts_order():
    def attempt(n: int) -> int:
        if n % 2:
            raise ConflictError(f"refused {n}")
        return n

    outcome = race(4, attempt)
    wins, losses = outcome
    assert wins == [0, 2]
    assert [str(error) for error in losses] == ["refused 1", "refused 3"]
    assert [str(x) for x in outcome.each] == ["0", "refused 1", "2", "refused 3"]


def test_any_other_error_fails_the_race():
    def attempt(n: int) -> int:
        if n == 1:
            raise ValueError("a bug, not a refusal")
        return n

    with pytest.raises(AssertionError, match="1 attempts failed"):
        race_all([lambda: attempt(0), lambda: attempt(1)])
