import pytest

from wenlan.core import cache
from wenlan.core.cache import process_cache_clear, process_cached


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(cache.time, "monotonic", clock)
    return clock


def _loader(values: list[str]):
    calls = []

    def load():
        calls.append(1)
        return values[len(calls) - 1]

    return load, calls


def test_kept_for_the_time_given_then_loaded_again(ticks):
    load, calls = _loader(["first", "second"])
    assert process_cached(("k",), load, ttl=5) == "first"
    ticks.now += 4.9
    assert process_cached(("k",), load, ttl=5) == "first"
    ticks.now += 0.2
    assert process_cached(("k",), load, ttl=5) == "second"
    assert len(calls) == 2


def test_zero_keeps_nothing(ticks):
    load, calls = _loader(["first", "second"])
    assert process_cached(("k",), load, ttl=0) == "first"
    assert process_cached(("k",), load, ttl=0) == "second"
    assert len(calls) == 2


def test_keys_are_separate_and_clear_forgets_all(ticks):
    assert process_cached(("a",), lambda: 1, ttl=5) == 1
    assert process_cached(("b",), lambda: 2, ttl=5) == 2
    assert process_cached(("a",), lambda: 3, ttl=5) == 1
    process_cache_clear()
    assert process_cached(("a",), lambda: 4, ttl=5) == 4


def test_expired_entries_go_when_full(ticks, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    process_cached(("old", 1), lambda: 1, ttl=1)
    process_cached(("old", 2), lambda: 2, ttl=1)
    process_cached(("live",), lambda: 3, ttl=60)
    ticks.now += 2
    process_cached(("new",), lambda: 4, ttl=60)
    assert set(cache._entries) == {("live",), ("new",)}


def test_forget_drops_only_the_matching_entries():
    from wenlan.core.cache import process_cache_forget

    process_cached(("index", 1), lambda: "old", ttl=60)
    process_cached(("other", 1), lambda: "kept", ttl=60)
    process_cache_forget(lambda key: key[0] == "index")
    assert process_cached(("index", 1), lambda: "new", ttl=60) == "new"
    assert process_cached(("other", 1), lambda: "reloaded", ttl=60) == "kept"
