"""Feeding the search index from the database: `index_sync` applies the outbox
changes this node has not applied yet; `index_rebuild` recomputes everything,
tokenising in worker processes (jieba is the cost) while Tantivy indexes."""

import collections
import multiprocessing
import multiprocessing.util
import os
from collections.abc import Callable, Iterable, Iterator

from django.db import connections
from django.db.models import Max

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.models import IndexChange, Item, Record
from wenlan.catalog.search import RecordDoc, catalog_index, document_json, tokenise
from wenlan.core import text
from wenlan.core.iterables import chunked

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
        docs = _read_docs(Record.objects.filter(pk__in=record_ids, is_deleted=False).order_by("pk"))
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
    "isbns",
    "responsibility",
    "edition",
    "place",
    "year",
    "language",
    "material_type",
    "borrow_count",
)


def _read_docs(records, *, limit: int | None = None) -> list[RecordDoc]:
    """RecordDocs for a queryset of records, read as plain values (no model
    instances: a rebuild reads millions of rows)."""
    values = records.values_list(*_DOC_FIELDS)
    rows = list(values[:limit] if limit is not None else values)
    holdings: dict[int, list[tuple[str, str]]] = {}
    for record_id, status, code in Item.objects.filter(
        record_id__in=[row[0] for row in rows]
    ).values_list("record_id", "status", "library__code"):
        holdings.setdefault(record_id, []).append((status, code))
    docs = []
    for row in rows:
        values = dict(zip(_DOC_FIELDS, row, strict=True))
        copies = holdings.get(values["id"], [])
        docs.append(
            RecordDoc(
                id=values["id"],
                title=values["title"],
                title_alt=[t for t in (values["title_romanised"], values["parallel_title"]) if t],
                authors=[a["name"] for a in values["authors"] if a.get("name")],
                authors_alt=[a["romanised"] for a in values["authors"] if a.get("romanised")],
                subjects=list(values["subjects"]),
                publisher=values["publisher"],
                series=values["series"],
                clc=values["clc"],
                isbns=list(values["isbns"]),
                other=[values["responsibility"], values["edition"], values["place"]],
                year=values["year"],
                language=values["language"],
                material=values["material_type"],
                libraries=sorted({c for s, c in copies if s != ItemStatus.WITHDRAWN}),
                available_libraries=sorted({c for s, c in copies if s == ItemStatus.AVAILABLE}),
                borrow_count=values["borrow_count"],
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
    first, last = first_last
    records = Record.objects.filter(pk__gte=first, pk__lte=last, is_deleted=False).order_by("pk")
    return [document_json(tokenise(doc)) for doc in _read_docs(records)]


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
