"""Forty wrong passwords sent at the same moment get no more tries than forty sent
one after another (before, every one of them passed the check: it counted the
failures recorded so far, and none was recorded yet)."""

import threading

import pytest
from django.db import connection

from wenlan.accounts.models import LoginFailure
from wenlan.accounts.services import login_attempt_begin
from wenlan.core.errors import RateLimitedError

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("races are tested on PostgreSQL (set DATABASE_URL); SQLite serialises writers")


def _burst(count: int, **attempt) -> tuple[int, int]:
    barrier = threading.Barrier(count)
    passed, refused = [], []

    def guess() -> None:
        try:
            barrier.wait()
            passed.append(login_attempt_begin(**attempt))
        except RateLimitedError:
            refused.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(passed), len(refused)


def test_forty_parallel_guesses_from_one_address_get_at_most_five_tries(settings):
    settings.WENLAN_LOGIN_FAILURES_PER_ACCOUNT = 5
    passed, refused = _burst(40, username="HZ00000001", address="198.51.100.9")
    assert passed + refused == 40
    assert passed <= 5  # often 0: each sees the others already counted
    # Every try that went ahead is counted; refused ones are not kept.
    assert LoginFailure.objects.filter(username="hz00000001").count() == passed


def test_forty_parallel_guesses_on_an_account_already_slowed_get_at_most_one(settings):
    settings.WENLAN_LOGIN_FAILURES_PER_ACCOUNT = 5
    for n in range(5):
        login_attempt_begin(username="HZ00000001", address=f"203.0.113.{n}")
    addresses = [f"198.51.100.{n}" for n in range(40)]
    results = []

    def guess(address: str, start: threading.Barrier) -> None:
        try:
            start.wait()
            login_attempt_begin(username="HZ00000001", address=address)
            results.append("passed")
        except RateLimitedError:
            results.append("refused")
        finally:
            connection.close()

    start = threading.Barrier(40)
    threads = [threading.Thread(target=guess, args=(a, start)) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 40
    assert results.count("passed") <= 1
    assert LoginFailure.objects.count() == 5 + results.count("passed")
