"""Catalog search at scale: index build, query latency through the service, the
bare engine and HTTP, and known-item quality.

    .venv/bin/python bench/search.py [--records 1000000] [--queries 1000] [--quick]
    DATABASE_URL=postgres://.../benchdb .venv/bin/python bench/search.py ...

Builds a catalog of --records records from the vocabulary of the real MARC files
in ../shared/data (the Library of Congress Chinese and English records): title
words, authors, subjects and publishers recombined with the word frequencies of
the real records, so common words such as 中国 and 研究 occur in a large share of
records as in a real catalog; each record gets a copy in one of the network's
libraries. The real records themselves are imported too. Then a fixed mix of
--queries queries (one and two Chinese words drawn with the same frequencies,
pinyin, author, ISBN; half with facets) runs through `catalog_search` (the
service: engine + database for the hits and their availability), through the
bare engine on the same queries, and through HTTP (`wenlan run`, gunicorn).
Known-item quality: for 1,000 real records drawn at random, the exact title, the
title in traditional characters, its pinyin initials and its ISBN must find the
record in the top 3.

Without DATABASE_URL it uses a fresh SQLite database in a temporary directory
(WENLAN_VAR_DIR); with it, give a database of its own: the bench adds its records.
The last line of output is one JSON object."""

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"
LC = DATA / "marc21-lc-booksall-2016-sample"
_TMP: str | None = None
if "WENLAN_VAR_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
    _TMP = tempfile.mkdtemp(prefix="wenlan-bench-search-")
    os.environ["WENLAN_VAR_DIR"] = _TMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenlan.conf.settings")
os.environ.setdefault("WENLAN_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")

CLC_WEIGHTS = {
    "I": 20,
    "K": 12,
    "D": 10,
    "F": 10,
    "G": 8,
    "J": 6,
    "B": 5,
    "H": 5,
    "T": 8,
    "R": 4,
    "C": 3,
    "O": 2,
    "P": 2,
    "Q": 2,
    "S": 2,
    "X": 1,
    "Z": 1,
    "E": 1,
    "N": 1,
    "U": 1,
    "V": 1,
}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _isbn13(rng: random.Random) -> str:
    from wenlan.core.text import isbn_normalise

    core = "9787" + "".join(str(rng.randrange(10)) for _ in range(8))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core))
    full = core + str((10 - total % 10) % 10)
    assert isbn_normalise(full) == full
    return full


class Vocabulary:
    """Words with their frequencies in the real records' titles, and the real
    authors, subjects, publishers and years."""

    def __init__(self):
        from wenlan.catalog.marc.fields import extract
        from wenlan.catalog.marc.reader import read_file
        from wenlan.core import text

        self.zh_words: Counter = Counter()
        self.en_words: Counter = Counter()
        self.zh_lengths: list[int] = []
        self.en_lengths: list[int] = []
        self.authors_zh, self.authors_en, self.subjects, self.publishers = [], [], [], []
        self.years: list[int] = []
        for name in (
            "BooksAll.2016.part01.chi-with-880.utf8.mrc",
            "BooksAll.2016.part01.first3000.utf8.mrc",
        ):
            for result in read_file(LC / name):
                if result.record is None:
                    continue
                fields = extract(result.record, "marc21")
                words = text.words(fields.title)
                chinese = text.has_han(fields.title)
                (self.zh_words if chinese else self.en_words).update(words)
                (self.zh_lengths if chinese else self.en_lengths).append(max(1, len(words)))
                for author in fields.authors[:1]:
                    (self.authors_zh if chinese else self.authors_en).append(author.name)
                self.subjects.extend(fields.subjects[:2])
                if fields.publisher:
                    self.publishers.append(fields.publisher)
                if fields.year:
                    self.years.append(fields.year)
        self.zh_list, zh_weights = zip(*self.zh_words.items(), strict=True)
        self.en_list, en_weights = zip(*self.en_words.items(), strict=True)
        self.zh_cum = list(_cumulative(zh_weights))
        self.en_cum = list(_cumulative(en_weights))

    def title(self, rng: random.Random, chinese: bool) -> str:
        if chinese:
            n = rng.choice(self.zh_lengths)
            return "".join(rng.choices(self.zh_list, cum_weights=self.zh_cum, k=n))
        n = rng.choice(self.en_lengths)
        return " ".join(rng.choices(self.en_list, cum_weights=self.en_cum, k=n)).capitalize()

    def zh_word(self, rng: random.Random) -> str:
        return rng.choices(self.zh_list, cum_weights=self.zh_cum, k=1)[0]


def _cumulative(weights):
    total = 0
    for w in weights:
        total += w
        yield total


def build_catalog(vocab: Vocabulary, *, records: int, seed: int) -> tuple[float, list[int]]:
    """Insert the synthetic records and one copy each; returns seconds and the library ids."""
    from django.db import transaction

    from wenlan.catalog.models import Item, Record, RecordIsbn
    from wenlan.demo.loader import _load_network
    from wenlan.network.models import Library

    with transaction.atomic():
        _load_network()
    library_ids = list(
        Library.objects.filter(
            kind__in=["central", "district", "county", "themed_branch"]
        ).values_list("pk", flat=True)
    )
    rng = random.Random(seed)
    started = time.perf_counter()
    clc_classes, clc_weights = zip(*CLC_WEIGHTS.items(), strict=True)
    batch = 5000
    made = 0
    while made < records:
        n = min(batch, records - made)
        rows, isbns = [], []
        for _ in range(n):
            chinese = rng.random() < 0.8
            title = vocab.title(rng, chinese)
            author = rng.choice(vocab.authors_zh if chinese else vocab.authors_en)
            isbn = _isbn13(rng)
            clc = rng.choices(clc_classes, weights=clc_weights)[0] + str(rng.randrange(10, 999))
            rows.append(
                Record(
                    flavour="marc21",
                    marc=f'<record xmlns="http://www.loc.gov/MARC21/slim"><leader>'
                    f'00000nam a2200000 a 4500</leader><datafield tag="245" ind1="1" ind2="0">'
                    f'<subfield code="a">{title}</subfield></datafield></record>',
                    fingerprint=f"bench{made:059d}",
                    title=title[:500],
                    authors=[{"name": author, "role": "author"}],
                    publisher=rng.choice(vocab.publishers)[:300],
                    year=rng.choice(vocab.years),
                    isbns=[isbn],
                    clc=clc,
                    clc_top=clc[0],
                    subjects=[rng.choice(vocab.subjects)],
                    language="chi" if chinese else "eng",
                    borrow_count=int(rng.paretovariate(1.5)) - 1,
                )
            )
            isbns.append(isbn)
            made += 1
        with transaction.atomic():
            created = Record.objects.bulk_create(rows, batch_size=1000)
            RecordIsbn.objects.bulk_create(
                (RecordIsbn(record_id=r.pk, isbn=i) for r, i in zip(created, isbns, strict=True)),
                batch_size=2000,
            )
            Item.objects.bulk_create(
                (
                    Item(
                        record_id=r.pk,
                        barcode=f"BX{r.pk:09d}",
                        library_id=rng.choice(library_ids),
                        status="available" if rng.random() < 0.7 else "in_transit",
                    )
                    for r in created
                ),
                batch_size=2000,
            )
        print(f"\rcatalog {made}/{records}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started, library_ids


def make_queries(vocab: Vocabulary, *, count: int, seed: int) -> list[dict]:
    """The fixed mix: one and two common-by-frequency Chinese words, pinyin
    (initials and full) of real titles, authors, ISBNs; every other one with facets."""
    from wenlan.catalog.models import Record
    from wenlan.core import text

    rng = random.Random(seed)
    real = list(
        Record.objects.exclude(fingerprint__startswith="bench")
        .filter(language="chi")
        .values_list("title", "authors", "isbns")[:3000]
    )
    synthetic_isbns = list(
        Record.objects.filter(fingerprint__startswith="bench").values_list("isbns", flat=True)[
            :5000
        ]
    )
    queries = []
    kinds = [
        "word",
        "word",
        "word",
        "two",
        "two",
        "pinyin",
        "pinyin_full",
        "author",
        "isbn",
        "word_filter",
    ]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind in ("word", "word_filter"):
            q = vocab.zh_word(rng)
        elif kind == "two":
            q = f"{vocab.zh_word(rng)} {vocab.zh_word(rng)}"
        elif kind in ("pinyin", "pinyin_full"):
            title = rng.choice(real)[0]
            syllables = [s for w in text.words(title) for s in text.pinyin_of(w)][:6]
            q = "".join(s[0] for s in syllables) if kind == "pinyin" else "".join(syllables[:3])
        elif kind == "author":
            authors = rng.choice(real)[1]
            q = f"author:{authors[0]['name']}" if authors else vocab.zh_word(rng)
        else:
            q = rng.choice(synthetic_isbns)[0]
        queries.append(
            {
                "q": q or "中国",
                "facets": i % 2 == 0,
                "kind": kind,
                "available": kind == "word_filter",
            }
        )
    return queries


def run_service(queries: list[dict]) -> list[float]:
    from wenlan.catalog.selectors.search import catalog_search, search_params

    times = []
    for query in queries:
        params = search_params(q=query["q"], facets=query["facets"], available=query["available"])
        started = time.perf_counter()
        catalog_search(params=params)
        times.append((time.perf_counter() - started) * 1000)
    return times


def run_engine(queries: list[dict]) -> list[float]:
    """The same queries through Tantivy alone: parsing and normalisation are done
    beforehand, the timer covers search, ids and aggregations."""
    from wenlan.catalog.search import build_query, engine_search
    from wenlan.catalog.selectors.search import search_params

    prepared = []
    for query in queries:
        params = search_params(q=query["q"], facets=query["facets"], available=query["available"])
        prepared.append((build_query(params.q, params.filters), query["facets"]))
    times = []
    for built, facets in prepared:
        started = time.perf_counter()
        engine_search(built, limit=20, facets=facets)
        times.append((time.perf_counter() - started) * 1000)
    return times


def run_http(queries: list[dict], *, workers: int) -> list[float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "wenlan"),
            "run",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/catalog/search"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}?q=warmup", timeout=5).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        for query in queries[:50]:  # warm every worker
            urllib.request.urlopen(_url(base, query), timeout=10).read()
        times = []
        for query in queries:
            url = _url(base, query)
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        server.terminate()
        server.wait(timeout=20)


def _url(base: str, query: dict) -> str:
    params = {"q": query["q"], "facets": "true" if query["facets"] else "false"}
    if query["available"]:
        params["available"] = "true"
    return f"{base}?{urllib.parse.urlencode(params)}"


def known_items(*, samples: int, seed: int) -> dict:
    import opencc

    from wenlan.catalog.models import Record
    from wenlan.catalog.selectors.search import catalog_search, search_params
    from wenlan.core import text

    to_traditional = opencc.OpenCC("s2t")
    real = list(
        Record.objects.exclude(fingerprint__startswith="bench")
        .filter(is_deleted=False)
        .values_list("pk", "title", "isbns")
    )
    rng = random.Random(seed)
    picked = rng.sample(real, min(samples, len(real)))
    found, asked, misses = Counter(), Counter(), []
    for record_id, title, isbns in picked:
        forms = {"title": title, "traditional": to_traditional.convert(text.to_simplified(title))}
        if text.has_han(title):
            syllables = [s for w in text.words(title) for s in text.pinyin_of(w)]
            forms["initials"] = "".join(s[0] for s in syllables)
        if isbns:
            forms["isbn"] = isbns[0]
        for kind, q in forms.items():
            if not q:
                continue
            asked[kind] += 1
            hits = catalog_search(params=search_params(q=q, page_size=3, facets=False)).hits
            if record_id in [h.record.pk for h in hits]:
                found[kind] += 1
            elif len(misses) < 10:
                misses.append((kind, q))
    total_asked, total_found = sum(asked.values()), sum(found.values())
    return {
        "known_item_top3": round(total_found / total_asked, 4) if total_asked else None,
        "known_item_by_kind": {k: round(found[k] / asked[k], 4) for k in asked},
        "known_item_asked": total_asked,
        "known_item_misses_sample": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--known", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="tokenising processes"
    )
    parser.add_argument("--http-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--quick", action="store_true", help="20,000 records, 200 queries")
    args = parser.parse_args()
    if args.quick:
        args.records, args.queries, args.known = 20_000, 200, 300
    if not LC.is_dir():
        sys.exit(f"the real MARC data is not at {LC}")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from wenlan.catalog.indexing import index_rebuild
    from wenlan.catalog.services.imports import catalog_import_file
    from wenlan.core import text

    call_command("migrate", verbosity=0)
    text.warm_up()
    vocab = Vocabulary()
    for name in (
        "BooksAll.2016.part01.chi-with-880.utf8.mrc",
        "BooksAll.2016.part01.first3000.utf8.mrc",
    ):
        catalog_import_file(path=LC / name)
    insert_seconds, _libraries = build_catalog(vocab, records=args.records, seed=args.seed)
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    from wenlan.catalog.models import Record

    total_records = Record.objects.filter(is_deleted=False).count()
    print(f"indexing {total_records} records", file=sys.stderr)
    started = time.perf_counter()
    index_rebuild(workers=args.workers)
    build_seconds = time.perf_counter() - started

    queries = make_queries(vocab, count=args.queries, seed=args.seed + 1)
    run_service(queries[:50])  # warm caches
    service = run_service(queries)
    engine = run_engine(queries)
    service_facets = [t for t, q in zip(service, queries, strict=True) if q["facets"]]
    engine_facets = [t for t, q in zip(engine, queries, strict=True) if q["facets"]]
    connection.close()
    http = run_http(queries, workers=args.http_workers)
    quality = known_items(samples=args.known, seed=args.seed + 2)
    from wenlan.catalog.search import Filters, build_query, engine_search

    share = {
        word: round(
            engine_search(build_query(word, Filters()), limit=1, facets=False).total
            / total_records,
            3,
        )
        for word in ("中国", "研究")
    }

    result = {
        "records": total_records,
        "database": connection.vendor,
        "catalog_insert_s": round(insert_seconds, 1),
        "build_s": round(build_seconds, 1),
        "build_records_per_s": round(total_records / build_seconds),
        "queries": len(queries),
        "service_p50_ms": round(statistics.median(service), 2),
        "service_p95_ms": round(_pct(service, 95), 2),
        "service_p99_ms": round(_pct(service, 99), 2),
        "service_facets_p95_ms": round(_pct(service_facets, 95), 2),
        "engine_p50_ms": round(statistics.median(engine), 2),
        "engine_p95_ms": round(_pct(engine, 95), 2),
        "engine_facets_p95_ms": round(_pct(engine_facets, 95), 2),
        "service_over_engine": round(_pct(service, 95) / _pct(engine, 95), 2),
        "http_p50_ms": round(statistics.median(http), 2),
        "http_p95_ms": round(_pct(http, 95), 2),
        "share_of_records_with": share,
        **quality,
        "index_dir": str(Path(settings.WENLAN_INDEX_DIR) / "catalog"),
    }
    if _TMP:
        shutil.rmtree(_TMP, ignore_errors=True)
        result["index_dir"] = "(temporary, removed)"
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
