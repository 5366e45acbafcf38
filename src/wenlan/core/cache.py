"""Read-mostly data kept in each process for a few seconds.

A change made by another process shows after at most the time given; a process
that changes the data itself calls `process_cache_clear`. Never consulted for a
rule: services read the database, under their locks."""

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

# Entries are small (a few rows each); past this many, the expired ones go.
MAX_ENTRIES = 5_000

_entries: dict[Hashable, tuple[float, object]] = {}


def process_cached(key: Hashable, load: Callable[[], T], *, ttl: float) -> T:
    """`load()`'s value, kept for `ttl` seconds under `key` (0: not kept)."""
    if ttl <= 0:
        return load()
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[return-value]
    value = load()
    if len(_entries) >= MAX_ENTRIES:
        for stale in [k for k, (expires, _) in list(_entries.items()) if expires <= now]:
            _entries.pop(stale, None)
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
    _entries[key] = (now + ttl, value)
    return value


def process_cache_clear() -> None:
    _entries.clear()


def process_cache_forget(match: Callable[[Hashable], bool]) -> None:
    """Drops the entries whose key `match`es: a large value that a newer one
    replaced (a search index built before the data changed) goes at once rather
    than when its time runs out."""
    for key in [k for k in list(_entries) if match(k)]:
        _entries.pop(key, None)
