"""The catalog's Tantivy index: derived from the database, fed with our own tokens
(core.text, joined by spaces for Tantivy's whitespace tokenizer), facets from
aggregations on fast fields. Nothing here decides a rule: availability and loans
are read from the database by the selectors.

Each node keeps its own index and the id of the last outbox change (IndexChange)
it applied, in `applied.json` next to the index; `index_sync` replays from there.
"""

import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import tantivy
from django.conf import settings

from wenlan.catalog.display import isbd_trim
from wenlan.core import text

WRITER_HEAP = 128_000_000
_LOCK_WAIT_SECONDS = 10.0
MAX_QUERY_TERMS = 24
FIELDS = ("title", "author", "subject", "publisher", "series", "clc", "isbn")
FACETS = ("library", "available", "language", "clc_top", "material", "decade")
_SUGGEST_SEP = "\x1f"


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("all", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("author", tokenizer_name="whitespace", index_option="position")
    for name in ("subject", "publisher", "series"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in ("isbn", "clc"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
    for name in ("library", "available", "language", "clc_top", "material"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_text_field("suggest", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("borrow", fast=True)
    return builder.build()


SCHEMA = _schema()


@dataclass
class RecordDoc:
    """What the index needs of a record, as plain values (picklable, so worker
    processes can tokenise while the writer indexes)."""

    id: int
    title: str
    title_alt: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    authors_alt: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    publisher: str = ""
    series: str = ""
    clc: str = ""
    # The record's CLC top class, set without a class number for records classed
    # only by the Library of Congress (catalog.services.crosswalk).
    clc_top: str = ""
    isbns: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # responsibility, summary, place, edition
    year: int | None = None
    language: str = ""
    material: str = ""
    libraries: list[str] = field(default_factory=list)
    available_libraries: list[str] = field(default_factory=list)
    borrow_count: int = 0


def clc_tokens(clc: str) -> list[str]:
    """F124.5 → f, f1, f12, f124, f124.5: `clc:F12` finds the whole class."""
    code = re.sub(r"\s+", "", clc).lower()
    return [code[:i] for i in range(1, len(code) + 1) if code[i - 1] not in "./-"]


def _suggest_entries(value: str) -> list[str]:
    display = isbd_trim(value)[:250]
    return [f"{key}{_SUGGEST_SEP}{display}" for key in text.completion_keys(display)]


def _field(values: Iterable[str], *, pinyin: bool = False) -> str:
    return " ".join(t for value in values if value and (t := text.index_text(value, pinyin)))


def tokenise(doc: RecordDoc) -> dict:
    """The field texts for one record: the costly part (jieba, pinyin)."""
    isbn_forms = [form for isbn in doc.isbns for form in text.isbn_forms(isbn)]
    fields = {
        "title": _field([doc.title, *doc.title_alt], pinyin=True),
        "author": _field([*doc.authors, *doc.authors_alt], pinyin=True),
        "subject": _field(doc.subjects),
        "publisher": _field([doc.publisher]),
        "series": _field([doc.series]),
        "isbn": " ".join(isbn_forms),
        "clc": " ".join(clc_tokens(doc.clc)) if doc.clc else "",
    }
    other = _field(doc.other)
    suggest = _suggest_entries(doc.title)
    for name in doc.authors[:3]:
        suggest += _suggest_entries(name)
    return {
        "id": doc.id,
        "all": " ".join(t for t in (*fields.values(), other) if t),
        **fields,
        "library": doc.libraries,
        "available": "yes" if doc.available_libraries else "no",
        "language": doc.language or "und",
        "clc_top": (doc.clc[:1].upper() if doc.clc[:1].isalpha() else doc.clc_top),
        "material": doc.material,
        "suggest": suggest,
        "year": doc.year,
        "borrow": doc.borrow_count,
    }


def document_json(fields: dict) -> str:
    """A record's fields as the JSON document Tantivy reads (`add_json`), empty
    values left out. JSON rather than a `tantivy.Document`: it is one string to
    pass from a worker process, and one call for Tantivy to read it (orjson: a
    rebuild writes a million of them)."""
    return orjson.dumps(
        {name: value for name, value in fields.items() if value not in ("", None, [])}
    ).decode()


class CatalogIndex:
    """One index directory. The object is shared by the threads of a process; the
    writer is taken only for a sync or a rebuild, behind a process-wide lock and
    Tantivy's own lock file (so two processes never write at once)."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self._write_lock = threading.Lock()
        self._meta_mtime = self._mtime()

    def _mtime(self) -> float:
        try:
            return (self.path / "meta.json").stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def searcher(self) -> tantivy.Searcher:
        mtime = self._mtime()
        if mtime != self._meta_mtime:  # another process committed
            self._meta_mtime = mtime
            self.index.reload()
        return self.index.searcher()

    @property
    def cursor(self) -> int:
        try:
            return int(json.loads((self.path / "applied.json").read_text())["change"])
        except (FileNotFoundError, ValueError, KeyError):
            return 0

    def _set_cursor(self, change_id: int) -> None:
        tmp = self.path / "applied.json.tmp"
        tmp.write_text(json.dumps({"change": change_id}))
        tmp.replace(self.path / "applied.json")

    def _writer(self, *, threads: int = 1, heap: int = WRITER_HEAP) -> tantivy.IndexWriter:
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(heap, threads)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def apply(self, *, upserts: Iterable[dict], deletes: Iterable[int], cursor: int | None) -> None:
        with self._write_lock:
            writer = self._writer()
            try:
                for record_id in deletes:
                    writer.delete_documents_by_query(
                        tantivy.Query.term_query(SCHEMA, "id", record_id)
                    )
                for fields in upserts:
                    writer.delete_documents_by_query(
                        tantivy.Query.term_query(SCHEMA, "id", fields["id"])
                    )
                    writer.add_json(document_json(fields))
                writer.commit()
                writer.wait_merging_threads()
            finally:
                del writer
            if cursor is not None:
                self._set_cursor(cursor)
            self.index.reload()
            self._meta_mtime = self._mtime()

    def rebuild(
        self,
        documents: Iterator[str],
        *,
        cursor: int,
        threads: int = 2,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the whole index with `documents` (from `document_json`)."""
        count = 0
        with self._write_lock:
            writer = self._writer(threads=threads, heap=settings.WENLAN_INDEX_BUILD_MB * 1_000_000)
            try:
                writer.delete_all_documents()
                for document in documents:
                    writer.add_json(document)
                    count += 1
                    if progress is not None:
                        progress(1)
                writer.commit()
                writer.wait_merging_threads()
            finally:
                del writer
            self._set_cursor(cursor)
            self.index.reload()
            self._meta_mtime = self._mtime()
        return count


_indexes: dict[Path, CatalogIndex] = {}
_indexes_lock = threading.Lock()


def catalog_index() -> CatalogIndex:
    path = Path(settings.WENLAN_INDEX_DIR) / "catalog"
    found = _indexes.get(path)
    if found is None:
        with _indexes_lock:
            found = _indexes.get(path)
            if found is None:
                found = _indexes[path] = CatalogIndex(path)
    return found


# --- queries ---------------------------------------------------------------

_QUERY_PART = re.compile(r'(?:(\w+):)?(?:"([^"]*)"|(\S+))')


@dataclass(frozen=True)
class QueryPart:
    field: str | None  # one of FIELDS, or None for every field
    value: str
    phrase: bool


def parse_query(q: str) -> list[QueryPart]:
    """`红楼梦 author:曹雪芹 "石头 记" isbn:978-7-…`: words, field:word, "phrases"."""
    parts: list[QueryPart] = []
    for match in _QUERY_PART.finditer(q[: text.MAX_QUERY_CHARS]):
        name, quoted, bare = match.group(1), match.group(2), match.group(3)
        name = name.lower() if name else None
        if name is not None and name not in FIELDS:
            bare = f"{name}:{quoted if quoted is not None else bare}"
            name, quoted = None, None
        value = quoted if quoted is not None else bare
        if value and value.strip():
            parts.append(QueryPart(name, value.strip(), quoted is not None))
    return parts[:MAX_QUERY_TERMS]


def _term(field_name: str, token: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field_name, token)


def _word_query(field_name: str | None, token: str) -> tantivy.Query:
    if field_name is not None:
        return _term(field_name, token)
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, _term("all", token)),
            (tantivy.Occur.Should, tantivy.Query.boost_query(_term("title", token), 2.0)),
            (tantivy.Occur.Should, tantivy.Query.boost_query(_term("author", token), 1.5)),
        ]
    )


def _part_queries(part: QueryPart) -> list[tantivy.Query]:
    if part.field == "isbn" or (part.field is None and text.looks_like_isbn(part.value)):
        forms = text.isbn_forms(part.value)
        return [_term("isbn", forms[0]) if forms else tantivy.Query.empty_query()]
    if part.field == "clc":
        code = re.sub(r"\s+", "", part.value).lower()
        return [_term("clc", code)]
    tokens = text.query_words(part.value)
    if not tokens:
        return []
    if part.phrase and len(tokens) > 1:
        return [tantivy.Query.phrase_query(SCHEMA, part.field or "all", tokens)]
    return [_word_query(part.field, token) for token in tokens]


@dataclass(frozen=True)
class Filters:
    libraries: tuple[str, ...] = ()
    available_only: bool = False
    languages: tuple[str, ...] = ()
    clc_tops: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None


def _any_of(field_name: str, values: tuple[str, ...]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, field_name, list(values))


def build_query(q: str, filters: Filters) -> tantivy.Query:
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for part in parse_query(q or ""):
        clauses += [(tantivy.Occur.Must, query) for query in _part_queries(part)]
    if q and q.strip() and not clauses:
        return tantivy.Query.empty_query()  # only punctuation: nothing to look for
    if filters.libraries:
        clauses.append((tantivy.Occur.Must, _any_of("library", filters.libraries)))
    if filters.available_only:
        clauses.append((tantivy.Occur.Must, _term("available", "yes")))
    if filters.languages:
        clauses.append((tantivy.Occur.Must, _any_of("language", filters.languages)))
    if filters.clc_tops:
        clauses.append((tantivy.Occur.Must, _any_of("clc_top", filters.clc_tops)))
    if filters.materials:
        clauses.append((tantivy.Occur.Must, _any_of("material", filters.materials)))
    if filters.year_from is not None or filters.year_to is not None:
        clauses.append(
            (
                tantivy.Occur.Must,
                tantivy.Query.range_query(
                    SCHEMA, "year", tantivy.FieldType.Integer, filters.year_from, filters.year_to
                ),
            )
        )
    if not clauses:
        return tantivy.Query.all_query()
    if all(occur == tantivy.Occur.Must for occur, _ in clauses) and len(clauses) == 1:
        return clauses[0][1]
    return tantivy.Query.boolean_query(clauses)


_FACET_AGGS = {
    "library": {"terms": {"field": "library", "size": 200}},
    "available": {"terms": {"field": "available", "size": 2}},
    "language": {"terms": {"field": "language", "size": 20}},
    "clc_top": {"terms": {"field": "clc_top", "size": 30}},
    "material": {"terms": {"field": "material", "size": 20}},
    "decade": {"histogram": {"field": "year", "interval": 10, "min_doc_count": 1}},
}


@dataclass
class EngineResult:
    total: int
    ids: list[int]
    facets: dict[str, list[tuple[str, int]]]


def engine_search(
    query: tantivy.Query,
    *,
    limit: int,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = True,
) -> EngineResult:
    searcher = catalog_index().searcher()
    order_field = {"newest": "year", "most_borrowed": "borrow"}.get(sort)
    if order_field:
        result = searcher.search(
            query, limit, count=True, offset=offset, order_by_field=order_field
        )
    else:
        result = searcher.search(query, limit, count=True, offset=offset)
    addresses = [address for _score, address in result.hits]
    ids = searcher.fast_field_values("id", addresses) if addresses else []
    buckets: dict[str, list[tuple[str, int]]] = {}
    if facets:
        raw = searcher.aggregate(query, _FACET_AGGS)
        for name in FACETS:
            entries = raw.get(name, {}).get("buckets", [])
            if name == "decade":
                buckets[name] = [
                    (str(int(b["key"])), b["doc_count"]) for b in entries if b["doc_count"]
                ]
            else:
                buckets[name] = [(str(b["key"]), b["doc_count"]) for b in entries]
    return EngineResult(total=result.count or 0, ids=[int(i) for i in ids], facets=buckets)


def suggest(prefix: str, *, limit: int = 8) -> list[str]:
    key = text.match_key(prefix[:64])
    if not key:
        return []
    searcher = catalog_index().searcher()
    found = searcher.terms_with_prefix("suggest", key, limit=limit * 4)
    out: list[str] = []
    for term, _count in found:
        display = term.split(_SUGGEST_SEP, 1)[-1]
        if display not in out:
            out.append(display)
        if len(out) >= limit:
            break
    return out
