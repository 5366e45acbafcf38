"""The training's computation: from the export and the catalog to every segment and
every opted-in reader's lists. Reads through other apps' selectors; writes nothing
(services/training.py stores what this returns)."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from wenlan.catalog.selectors.records import records_on_shelf_traits, records_traits
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.selectors.readers import records_held_or_borrowed
from wenlan.circulation.services.log import analytics_secret
from wenlan.events.selectors.events import CalendarFilters, calendar_entries, event_categories
from wenlan.patrons.selectors import readers_with_recommendations
from wenlan.recommendations import engine, exportread
from wenlan.recommendations.enums import EventReasonKind, ReasonKind, SegmentCode
from wenlan.recommendations.policies import segment_of

EVENTS_PER_READER = 5
EVENT_DAYS = 60
CHINESE = {"chi", "zho", ""}

# The words of an event's title and description that tie it to a CLC top class.
THEME_WORDS: dict[str, str] = {
    "I": "文学|小说|诗|散文|作家|读书会|literature|novel|poetry|poem|writer|book club",
    "K": "历史|宋韵|考古|文化遗产|地方志|history|heritage|archaeolog",
    "J": "艺术|书法|绘画|音乐|摄影|戏曲|art|calligraphy|painting|music|photograph",
    "B": "哲学|国学|心理|philosoph|psycholog",
    "G": "教育|阅读推广|亲子|education|reading|parent",
    "F": "经济|理财|创业|economy|finance|business",
    "D": "政治|法律|法治|law|legal",
    "T": "科技|编程|人工智能|创客|机器人|technology|coding|programming|AI|maker|robot",
    "R": "健康|医学|养生|health|medicine",
    "N": "科学|科普|自然|science|nature",
    "S": "农业|园艺|garden",
    "H": "语言|英语|外语|language|English",
}
CATEGORY_CLASSES: dict[str, str] = {"children": "G", "workshop": "T", "exhibition": "J"}


@dataclass
class BookLine:
    record_id: int
    score: float
    reason: str
    because_id: int | None = None


@dataclass
class EventLine:
    event_id: int
    score: float
    reason: str
    clc_top: str = ""


@dataclass
class SegmentFigures:
    code: str
    members: list[tuple[str, int | None]] = field(default_factory=list)  # (pseudonym, library)
    loans: int = 0
    clc: dict[str, int] = field(default_factory=dict)
    evening_weekend: int = 0
    foreign: int = 0
    loans_per_month: float = 0.0


@dataclass
class TrainingResult:
    export_id: str | None
    books: dict[int, list[BookLine]]  # reader id → list
    events: dict[int, list[EventLine]]
    segments: dict[str, SegmentFigures]
    figures: dict
    reader_segments: dict[int, str] = field(default_factory=dict)


def _docs(traits) -> list[str]:
    doc = []
    if traits.clc_top:
        doc.append("clc:" + traits.clc_top)
    if traits.clc:
        doc.append("clc3:" + traits.clc[:3])
    doc += ["subject:" + s for s in traits.subjects if s]
    doc += ["author:" + a for a in traits.authors if a]
    return doc


def segments_compute(loans: exportread.ExportLoans, *, today: dt.date) -> dict[str, str]:
    """Each pseudonym's segment code."""
    return {p: segment_of(profile, today=today) for p, profile in loans.profiles.items()}


def segment_figures(
    loans: exportread.ExportLoans, codes: dict[str, str]
) -> dict[str, SegmentFigures]:
    figures = {code.value: SegmentFigures(code.value) for code in SegmentCode}
    months: dict[str, list[float]] = {}
    for p, code in codes.items():
        profile = loans.profiles[p]
        f = figures[code]
        f.members.append((p, profile.preferred_library))
        f.loans += profile.loans
        f.evening_weekend += profile.evening_weekend
        f.foreign += profile.foreign
        for clc, n in profile.clc.items():
            f.clc[clc] = f.clc.get(clc, 0) + n
        months.setdefault(code, []).append(profile.loans_per_month())
    for code, values in months.items():
        figures[code].loans_per_month = round(float(np.median(values)), 1)
    return figures


def _event_candidates(today: dt.date) -> list[tuple[int, str, str, int | None]]:
    """(event id, category, its text, library id) of the coming published events."""
    seen, out = set(), []
    entries = calendar_entries(
        CalendarFilters(date_from=today, date_to=today + dt.timedelta(days=EVENT_DAYS)), limit=500
    )
    for entry in entries:
        event = entry.occurrence.event
        if event.pk in seen or event.status != "published":
            continue
        seen.add(event.pk)
        text = " ".join(
            [event.title_zh, event.title_en, event.description_zh[:500], event.description_en[:500]]
        )
        library = event.venue.library_id if event.venue_id else event.organiser_library_id
        out.append((event.pk, event.category, text, library))
    return out


def _event_classes(category: str, text: str) -> set[str]:
    classes = {clc for clc, words in THEME_WORDS.items() if re.search(words, text, re.I)}
    if category in CATEGORY_CLASSES:
        classes.add(CATEGORY_CLASSES[category])
    return classes


def event_lists(
    loans: exportread.ExportLoans, readers: dict[int, str | None], *, today: dt.date
) -> dict[int, list[EventLine]]:
    """Events a reader is likely to attend: the share of their loans in the event's
    CLC classes, the categories of events they attended, their preferred library."""
    candidates = _event_candidates(today)
    if not candidates:
        return {}
    themes = [_event_classes(category, text) for _, category, text, _ in candidates]
    attended_ids = sorted({e for rows in loans.attended.values() for e, _ in rows})
    attended_categories = event_categories(event_ids=attended_ids)
    out: dict[int, list[EventLine]] = {}
    for reader_id, p in readers.items():
        profile = loans.profiles.get(p) if p else None
        if profile is None or not profile.loans:
            continue
        past = loans.attended.get(p, [])
        past_events = {e for e, _ in past}
        categories = {attended_categories.get(e) for e, _ in past}
        lines = []
        for (event_id, category, _, library), classes in zip(candidates, themes, strict=True):
            if event_id in past_events:
                continue
            theme = {c: profile.clc.get(c, 0) / profile.loans for c in classes}
            best_clc = max(theme, key=theme.get) if theme else ""
            parts = {
                EventReasonKind.THEME: max(theme.values(), default=0.0),
                EventReasonKind.ATTENDED: 0.5 if category in categories else 0.0,
                EventReasonKind.LIBRARY: 0.2
                if library and library == profile.preferred_library
                else 0.0,
            }
            score = sum(parts.values())
            if score >= 0.2:
                reason = max(parts, key=parts.get)
                lines.append(EventLine(event_id, round(score, 4), reason, best_clc))
        lines.sort(key=lambda line: (-line.score, line.event_id))
        if lines:
            out[reader_id] = lines[:EVENTS_PER_READER]
    return out


def train(
    *,
    engine_name: str = "duckdb",
    today: dt.date,
    als: engine.AlsParams | None = None,
    blend: engine.BlendParams | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    store=None,
    spark_session=None,
) -> TrainingResult:
    als = als or engine.AlsParams()
    blend = blend or engine.BlendParams()

    def step(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)

    shelf = {t.record_id: t for t in records_on_shelf_traits()}
    step("catalog", 1, 1)
    loans = exportread.export_loans_read(
        engine=engine_name,
        store=store,
        foreign_records=set(),
        spark_session=spark_session,
    )
    step("export", 1, 1)
    # The columns: titles anybody borrowed, then titles on a shelf nobody has yet.
    record_ids = list(loans.record_ids)
    known = set(record_ids)
    record_ids += [r for r in sorted(shelf) if r not in known]
    column_of = {r: i for i, r in enumerate(record_ids)}
    traits = {**records_traits(record_ids=list(loans.record_ids)), **shelf}
    foreign = {r for r, t in traits.items() if t.language not in CHINESE}
    full = sp.csr_matrix(
        (loans.matrix.data, loans.matrix.indices, loans.matrix.indptr),
        shape=(loans.matrix.shape[0], len(record_ids)),
    )
    for row, p in enumerate(loans.pseudonyms):
        history = full.indices[full.indptr[row] : full.indptr[row + 1]]
        loans.profiles[p].foreign = sum(1 for c in history if record_ids[c] in foreign)
    codes = segments_compute(loans, today=today)
    segments = segment_figures(loans, codes)
    segment_order = [code.value for code in SegmentCode]
    step("segments", 1, 1)

    secret = analytics_secret()
    opted: dict[int, str | None] = {}
    for reader_id, _library, analytics in readers_with_recommendations():
        opted[reader_id] = (
            reader_pseudonym(secret=secret, reader_id=reader_id) if analytics else None
        )
    row_of = {p: i for i, p in enumerate(loans.pseudonyms)}
    # Only opted-in readers' loans train the model (docs/recommendations.md).
    train_rows = sorted(row_of[p] for p in opted.values() if p in row_of)
    train_matrix = full[train_rows] if train_rows else sp.csr_matrix((0, full.shape[1]))
    model = None
    if train_matrix.shape[0] >= engine.MIN_ALS_READERS:
        factors = max(2, min(als.factors, train_matrix.shape[0] - 1, train_matrix.shape[1] - 1))
        params = engine.AlsParams(**{**als.__dict__, "factors": factors})
        if engine_name == "spark":
            model = exportread.spark_als_fit(train_matrix, params, spark_session=spark_session)
        else:
            model = engine.als_fit(train_matrix, params, progress=lambda d, t: step("als", d, t))
    segment_index = np.array(
        [segment_order.index(codes[p]) if p in codes else -1 for p in loans.pseudonyms],
        dtype=np.int64,
    )
    popularity = engine.segment_popularity(full, segment_index)
    content = engine.content_features([_docs(traits[r]) if r in traits else [] for r in record_ids])
    allowed = np.array([r in shelf for r in record_ids], dtype=bool)
    excluded = records_held_or_borrowed(reader_ids=list(opted))

    reader_ids = list(opted)
    rows_of_reader = [row_of.get(opted[r]) if opted[r] else None for r in reader_ids]
    history = _histories(full, rows_of_reader)
    seen = _histories_with(history, reader_ids, excluded, column_of)
    seg_of_reader = np.array(
        [segment_index[row] if row is not None else -1 for row in rows_of_reader], dtype=np.int64
    )
    train_row_of = {row: i for i, row in enumerate(train_rows)}
    warm = [
        i
        for i, row in enumerate(rows_of_reader)
        if model is not None and row in train_row_of and history[i].nnz >= blend.cold_loans
    ]
    batches: list[tuple[list[int], engine.ScoredBatch]] = []
    for start in range(0, len(warm), 1000):
        chunk = warm[start : start + 1000]
        sub = engine.FittedModel(
            user_factors=model.user_factors[[train_row_of[rows_of_reader[i]] for i in chunk]],
            item_factors=model.item_factors,
            seconds=model.seconds,
        )
        batches.append((chunk, engine.lists_warm(
            np.arange(len(chunk)),
            matrix=seen[chunk],
            model=sub,
            popularity=popularity,
            segments=seg_of_reader[chunk],
            allowed=allowed,
            blend=blend,
        )))  # fmt: skip
        step("lists", start + len(chunk), len(reader_ids))
    warm_set = set(warm)
    for i in (i for i in range(len(reader_ids)) if i not in warm_set):
        batches.append(([i], engine.score_batch(
            np.array([0]),
            matrix=seen[[i]],
            model=None,
            popularity=popularity,
            segments=seg_of_reader[[i]],
            content=content if history[i].nnz else None,
            allowed=allowed,
            blend=blend,
        )))  # fmt: skip
    books: dict[int, list[BookLine]] = {}
    for chunk, batch in batches:
        for position, i in enumerate(chunk):
            lines = _book_lines(
                batch, position, borrowed=history[i].indices, model=model, content=content,
                record_ids=record_ids, segment=int(seg_of_reader[i]),
            )  # fmt: skip
            if lines:
                books[reader_ids[i]] = lines
    step("lists", len(reader_ids), len(reader_ids))
    events = event_lists(loans, opted, today=today)
    step("events", 1, 1)
    return TrainingResult(
        export_id=loans.export_id,
        books=books,
        events=events,
        segments=segments,
        reader_segments={r: codes[p] for r, p in opted.items() if p in codes},
        figures={
            "readers_in_export": len(loans.pseudonyms),
            "loans": int(loans.matrix.sum()),
            "titles": len(record_ids),
            "titles_on_shelf": int(allowed.sum()),
            "opted_in": len(opted),
            "trained_readers": len(train_rows),
            "book_lists": len(books),
            "event_lists": len(events),
            "als_seconds": round(model.seconds, 2) if model else None,
        },
    )


def _histories(full: sp.csr_matrix, rows: list[int | None]) -> sp.csr_matrix:
    """Each opted-in reader's row of the export's matrix (empty without one)."""
    index = [row if row is not None else 0 for row in rows]
    picked = full[index] if rows else sp.csr_matrix((0, full.shape[1]), dtype=np.float32)
    keep = sp.diags([1.0 if row is not None else 0.0 for row in rows]) if rows else None
    out = (keep @ picked).tocsr() if keep is not None else picked
    out.eliminate_zeros()
    return out


def _histories_with(
    history: sp.csr_matrix, reader_ids: list[int], excluded: dict[int, set[int]], column_of
) -> sp.csr_matrix:
    """The histories plus what each reader has on loan or on hold now: never offered."""
    rows, cols = [], []
    for i, reader_id in enumerate(reader_ids):
        for record_id in excluded.get(reader_id, ()):
            if record_id in column_of:
                rows.append(i)
                cols.append(column_of[record_id])
    extra = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=history.shape)
    seen = (history + extra).tocsr()
    seen.data[:] = 1
    return seen


def _book_lines(batch, position, *, borrowed, model, content, record_ids, segment):
    lines = []
    for item, score, part in zip(
        batch.items[position], batch.scores[position], batch.parts[position], strict=True
    ):
        if item < 0:
            continue
        because = None
        if part == 0 and model is not None and len(borrowed):
            reason = ReasonKind.BORROWED
            near = engine.because_of(model, history=borrowed, item=int(item))
            because = record_ids[near] if near is not None else None
        elif part == 2 and len(borrowed):
            reason = ReasonKind.CONTENT
            sims = (content[borrowed] @ content[int(item)].T).toarray().ravel()
            because = record_ids[int(borrowed[int(np.argmax(sims))])]
        else:
            reason = ReasonKind.SEGMENT if segment >= 0 else ReasonKind.POPULAR
        lines.append(BookLine(record_ids[int(item)], float(score), reason, because))
    return lines
