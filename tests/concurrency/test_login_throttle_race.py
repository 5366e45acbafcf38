"""Forty wrong passwords sent at the same moment get no more tries than forty sent
one after another (before, every one of them passed the check: it counted the
failures recorded so far, and none was recorded yet)."""

import pytest

from wenlan.accounts.models import LoginFailure
from wenlan.accounts.services import login_attempt_begin
from wenlan.core.errors import RateLimitedError
from wenlan.core.testing import race, race_marks, skip_unless_postgres

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def _burst(count: int, **attempt) -> tuple[int, int]:
    passed, refused = race(count, lambda _n: login_attempt_begin(**attempt))
    assert {error.code for error in refused} <= {RateLimitedError.code}
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
    passed, refused = race(
        40, lambda n: login_attempt_begin(username="HZ00000001", address=f"198.51.100.{n}")
    )
    assert len(passed) + len(refused) == 40
    assert {error.code for error in refused} <= {RateLimitedError.code}
    assert len(passed) <= 1
    assert LoginFailure.objects.count() == 5 + len(passed)
