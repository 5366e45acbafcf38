"""Feeding the search index from the database: `index_sync` applies the outbox
changes this node has not applied yet; `index_rebuild` recomputes everything,
tokenising in worker processes (jieba is the cost) while Tantivy indexes."""

import collections
import json
import multiprocessing
import multiprocessing.util
import os
from collections.abc import Callable, Iterable, Iterator

from django.db import connections
from django.db.models import Max

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import IndexChange, Item, Record
from wenlan.catalog.search import RecordDoc, catalog_index, document_json, tokenise
from wenlan.core import rawsql, text
from wenlan.core.iterables import chunked
from wenlan.network.models import Library

SYNC_BATCH = 5000
PARALLEL_FROM = 1000  # below this many records, starting worker processes costs more


def index_sync(*, batch: int = SYNC_BATCH, workers: int | None = None) -> int:
    """Apply the outbox changes after this node's cursor; returns how many records
    were re-indexed or removed. Safe to run twice and in any order with itself."""
    index = catalog_index()
    applied = 0
    while True:
        changes = list(
            IndexChange.objects.filter(pk__gt=index.cursor)
            .order_by("pk")
            .values_list("pk", "record_id", "op")[:batch]
        )
        if not changes:
            return applied
        last = changes[-1][0]
        record_ids = {record_id for _pk, record_id, _op in changes}
        docs = _read_docs(ids=record_ids)
        if workers is None:
            workers = None if len(docs) >= PARALLEL_FROM else 1
        upserts = list(tokenised(docs, workers=workers))
        deletes = sorted(record_ids - {doc.id for doc in docs})
        index.apply(upserts=upserts, deletes=deletes, cursor=last)
        applied += len(record_ids)


_DOC_FIELDS = (
    "id",
    "title",
    "title_romanised",
    "parallel_title",
    "authors",
    "subjects",
    "publisher",
    "series",
    "clc",
    "clc_top",
    "isbns",
    "responsibility",
    "edition",
    "place",
    "year",
    "language",
    "material_type",
    "borrow_count",
)
_AVAILABLE, _WITHDRAWN = ItemStatus.AVAILABLE.value, ItemStatus.WITHDRAWN.value


def _json(value):
    """A JSON column as PostgreSQL's driver returns it (decoded) or SQLite (text)."""
    return json.loads(value) if isinstance(value, str) else value


def _read_docs(
    *, ids: Iterable[int] = (), between: tuple[int, int] | None = None
) -> list[RecordDoc]:
    """RecordDocs for the live records with these ids, or with ids between two
    (inclusive), in id order. Two hand-written statements (the records, their
    copies): this is a rebuild's hot path, a million rows, and the ORM's per-row,
    per-field conversions cost more than the reading (docs/benchmarks.md)."""
    if between is not None:
        record_is, params = "r.id BETWEEN %s AND %s", list(between)
        item_is = "record_id BETWEEN %s AND %s"
    else:
        ids = sorted(ids)
        if not ids:
            return []
        record_is, params = rawsql.any_of("r.id", ids)
        item_is = rawsql.any_of("record_id", ids)[0]  # the same parameters
    records, items = Record._meta.db_table, Item._meta.db_table
    with rawsql.cursor() as cursor:
        cursor.execute(
            f"SELECT {rawsql.columns(Record, 'r', _DOC_FIELDS)} FROM {records} r"
            f" WHERE {record_is} AND NOT r.is_deleted ORDER BY r.id",
            params,
        )
        rows = cursor.fetchall()
        cursor.execute(f"SELECT record_id, status, library_id FROM {items} WHERE {item_is}", params)
        copies = cursor.fetchall()
    codes = dict(Library.objects.values_list("pk", "code"))
    held: dict[int, set[str]] = {}
    available: dict[int, set[str]] = {}
    for record_id, status, library_id in copies:
        if status != _WITHDRAWN:
            held.setdefault(record_id, set()).add(codes[library_id])
        if status == _AVAILABLE:
            available.setdefault(record_id, set()).add(codes[library_id])
    docs = []
    for (
        record_id,
        title,
        title_romanised,
        parallel_title,
        authors,
        subjects,
        publisher,
        series,
        clc,
        clc_top,
        isbns,
        responsibility,
        edition,
        place,
        year,
        language,
        material,
        borrow_count,
    ) in rows:
        authors = _json(authors)
        docs.append(
            RecordDoc(
                id=record_id,
                title=title,
                title_alt=[t for t in (title_romanised, parallel_title) if t],
                authors=[a["name"] for a in authors if a.get("name")],
                authors_alt=[a["romanised"] for a in authors if a.get("romanised")],
                subjects=_json(subjects),
                publisher=publisher,
                series=series,
                clc=clc,
                clc_top=clc_top,
                isbns=_json(isbns),
                other=[responsibility, edition, place],
                year=year,
                language=language,
                material=material,
                libraries=sorted(held.get(record_id, ())),
                available_libraries=sorted(available.get(record_id, ())),
                borrow_count=borrow_count,
            )
        )
    return docs


RANGE_SIZE = 1000  # records a rebuild worker reads and tokenises at a time


def _id_ranges() -> Iterator[tuple[int, int]]:
    """(first, last) ids of successive runs of RANGE_SIZE live records."""
    ids = Record.objects.filter(is_deleted=False).order_by("pk").values_list("pk", flat=True)
    for run in chunked(ids.iterator(chunk_size=20_000), RANGE_SIZE):
        yield run[0], run[-1]


def _documents_between(first_last: tuple[int, int]) -> list[str]:
    return [document_json(tokenise(doc)) for doc in _read_docs(between=first_last)]


def _close_connections_at_exit() -> None:
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def _can_read_from_other_processes() -> bool:
    """False inside a transaction (other connections would not see its rows) and
    for an in-memory SQLite database (other processes would not see it at all)."""
    connection = connections["default"]
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _rebuild_documents(*, workers: int | None) -> Iterator[str]:
    """Every live record's index document, in id order. With several workers, each reads
    its own ranges of records from the database and tokenises them, so that this
    process only hands the documents to Tantivy."""
    workers = workers or os.cpu_count() or 1
    ranges = _id_ranges()
    if (
        workers <= 1
        or not _can_read_from_other_processes()
        or Record.objects.filter(is_deleted=False).count() < PARALLEL_FROM
    ):
        for first_last in ranges:
            yield from _documents_between(first_last)
        return
    text.warm_up()  # load the dictionaries once, before forking, so every worker shares them
    connections.close_all()  # each worker opens its own; never share a connection over fork
    pool = multiprocessing.get_context("fork").Pool(workers, _close_connections_at_exit)
    finished = False
    try:
        for documents in _in_order(pool, _documents_between, ranges, ahead=workers * 2):
            yield from documents
        finished = True
    finally:
        if finished:
            pool.close()  # the workers exit in their own time, closing their connections
        else:
            pool.terminate()
        pool.join()


def _tokenise_many(docs: list[RecordDoc]) -> list[dict]:
    return [tokenise(doc) for doc in docs]


def tokenised(docs: Iterable[RecordDoc], *, workers: int | None = None) -> Iterator[dict]:
    """Tokenise in `workers` processes (default: one per core)."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        for doc in docs:
            yield tokenise(doc)
        return
    text.warm_up()  # load the dictionaries once, before forking, so every worker shares them
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # The chunks are read here, in the calling thread (which owns the database
        # connection), and at most a few are in flight at once.
        for fields in _in_order(pool, _tokenise_many, chunked(docs, 500), ahead=workers * 2):
            yield from fields


def _in_order(pool, func: Callable, items: Iterable, *, ahead: int) -> Iterator:
    """`pool.imap(func, items)` with at most `ahead` results waiting: imap would
    run through every item and hold all the results in memory when the caller is
    the slower side."""
    pending: collections.deque = collections.deque()
    for item in items:
        pending.append(pool.apply_async(func, (item,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def index_rebuild(
    *, progress: Callable[[int], None] | None = None, workers: int | None = None
) -> int:
    """Recompute the whole index from the database; the changes written meanwhile
    are applied by the next sync (the cursor is taken before reading)."""
    cursor = IndexChange.objects.aggregate(last=Max("pk"))["last"] or 0
    index = catalog_index()
    return index.rebuild(_rebuild_documents(workers=workers), cursor=cursor, progress=progress)


def index_needs_rebuild() -> bool:
    return catalog_index().cursor == 0 and Record.objects.filter(is_deleted=False).exists()
