"""Planning: topics whose borrowing rises, by CLC class and by subject word, in the
current window against the one before and the same days a year earlier, each with
its evidence; the suggestions staff turn into a draft event.

Figures come from the analytics export (two aggregations in one opening of it);
the subject words of the records lent are read from the catalog (its text
normalisation), for the records the export names only."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.analytics.engines import aggregations_run_many
from wenlan.catalog.selectors.records import records_by_ids
from wenlan.catalog.selectors.search import CLC_CLASSES
from wenlan.core import text
from wenlan.core.errors import PermissionDeniedError
from wenlan.insights import policies
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library

# Words too general to be a theme (LC subject headings' form words and the like).
STOP_WORDS = frozenset({
    "history", "and", "the", "of", "in", "to", "for", "a", "an", "on", "by", "with", "works",
    "study", "studies", "china", "chinese", "taiwan", "description", "travel", "social",
    "aspects", "pictorial", "juvenile", "literature", "fiction", "criticism", "interpretation",
    "研究", "中国", "历史", "文集",
})  # fmt: skip
RECORDS_PER_TOPIC = 3


def _topic_label(kind: str, key: str) -> str:
    """A topic as the current language names it: a CLC class with its name, a
    subject word as it is."""
    if kind != "clc":
        return key
    if not key:
        return _("未分类")
    return f"{key} {CLC_CLASSES.get(key, '')}".strip()


@dataclass
class Topic:
    kind: str  # "clc" or "word"
    key: str
    label: str
    loans: int
    previous: int
    last_year: int
    readers: int  # distinct borrowers in the current window (for words: at least)
    titles: list[str] = field(default_factory=list)

    @property
    def week_ratio(self) -> float | None:
        return policies.rise_ratio(self.loans, self.previous)

    @property
    def year_ratio(self) -> float | None:
        return policies.rise_ratio(self.loans, self.last_year)

    def evidence(self, windows: policies.Windows) -> str:
        return _(
            "%(start)s 至 %(end)s 借出 %(loans)s 册次（%(readers)s 位以上读者）；"
            "前一期 %(previous)s 册次，去年同期 %(last_year)s 册次。"
        ) % {
            "start": windows.current[0].isoformat(),
            "end": windows.current[1].isoformat(),
            "loans": self.loans,
            "readers": self.readers,
            "previous": self.previous,
            "last_year": self.last_year,
        }

    def texts(self, windows: policies.Windows) -> dict[str, str]:
        """The topic and its evidence in both languages (what a draft made of the
        suggestion is written with): topic_zh, topic_en, evidence_zh, evidence_en."""
        texts = {}
        for suffix, language in (("zh", "zh-hans"), ("en", "en")):
            with translation.override(language):
                texts[f"topic_{suffix}"] = _topic_label(self.kind, self.key)
                texts[f"evidence_{suffix}"] = self.evidence(windows)
        return texts


@dataclass
class Planning:
    library: Library | None
    libraries: list[Library]
    network_allowed: bool
    windows: policies.Windows
    export_id: str | None
    classes: list[Topic]
    words: list[Topic]
    held_back: int  # rising topics not listed: fewer than the minimum of readers


def planning_libraries(*, actor) -> tuple[list[Library], bool]:
    ensure_can(actor, Perm.AUDIENCE_MANAGE)
    scope = library_scope(actor, Perm.AUDIENCE_MANAGE)
    libraries = Library.objects.exclude(kind=LibraryKind.PICKUP_POINT).order_by("kind", "code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries), scope is None


def _rank(topics: list[Topic]) -> list[Topic]:
    """Most loans above the lower of the two comparisons first: a big topic that
    grew beats a small one that doubled."""
    return sorted(topics, key=lambda t: (-(t.loans - min(t.previous, t.last_year)), t.key))


def _words_of(record) -> list[str]:
    source = " ".join(record.subjects) if record.subjects else record.title
    words = []
    for word in text.words(source):
        word = word.lower()
        short = len(word) < 2 if text.has_han(word) else len(word) < 4
        if short or word in STOP_WORDS or word.isdigit():
            continue
        if word not in words:
            words.append(word)
    return words


def planning_topics(*, actor, library_id: int | None, weeks: int, today: dt.date) -> Planning:
    libraries, network_allowed = planning_libraries(actor=actor)
    if library_id is None and not network_allowed:
        if not libraries:
            raise PermissionDeniedError()
        library_id = libraries[0].pk
    library = None
    if library_id is not None:
        library = next((lib for lib in libraries if lib.pk == library_id), None)
        if library is None:
            raise PermissionDeniedError()
    windows = policies.windows_for(today, weeks)
    params = windows.params(library_id)
    results = aggregations_run_many(
        {"classes": ("loans_by_clc_windows", params), "records": ("record_loans_windows", params)}
    )
    minimum = settings.WENLAN_ANALYTICS_MIN_READERS
    held_back = 0
    classes = []
    for row in results["classes"].rows:
        topic = Topic(
            kind="clc",
            key=row["clc_top"],
            label=_topic_label("clc", row["clc_top"]),
            loans=row["loans"],
            previous=row["previous_loans"],
            last_year=row["last_year_loans"],
            readers=row["readers"],
        )
        if not row["clc_top"] or not policies.is_rising(
            loans=topic.loans, previous=topic.previous, last_year=topic.last_year
        ):
            continue
        if topic.readers < minimum:
            held_back += 1
            continue
        classes.append(topic)
    words, word_held = _word_topics(results["records"].rows, minimum=minimum)
    return Planning(
        library=library,
        libraries=libraries,
        network_allowed=network_allowed,
        windows=windows,
        export_id=results["classes"].export_id,
        classes=_rank(classes),
        words=_rank(words)[:20],
        held_back=held_back + word_held,
    )


def _word_topics(rows: list[dict], *, minimum: int) -> tuple[list[Topic], int]:
    """Loans per subject word over the records that carry it. Distinct readers of
    a word are at least the most of any one of its records (a reader of two of its
    records would be counted twice by a sum): that lower bound must reach the
    minimum for the word to be shown."""
    rows = sorted(rows, key=lambda r: (-r["loans"], r["record_id"]))
    records = {r.pk: r for r in records_by_ids(record_ids=[r["record_id"] for r in rows])}
    totals: dict[str, dict] = defaultdict(
        lambda: {"loans": 0, "previous": 0, "last_year": 0, "readers": 0, "titles": []}
    )
    for row in rows:
        record = records.get(row["record_id"])
        if record is None:
            continue
        for word in _words_of(record):
            into = totals[word]
            into["loans"] += row["loans"]
            into["previous"] += row["previous_loans"]
            into["last_year"] += row["last_year_loans"]
            into["readers"] = max(into["readers"], row["readers"])
            if row["loans"] and len(into["titles"]) < RECORDS_PER_TOPIC:
                into["titles"].append(record.title)
    topics, held_back = [], 0
    for word, t in totals.items():
        if not policies.is_rising(
            loans=t["loans"], previous=t["previous"], last_year=t["last_year"]
        ):
            continue
        if t["readers"] < minimum:
            held_back += 1
            continue
        topics.append(
            Topic(
                kind="word",
                key=word,
                label=word,
                loans=t["loans"],
                previous=t["previous"],
                last_year=t["last_year"],
                readers=t["readers"],
                titles=t["titles"],
            )  # fmt: skip
        )
    return topics, held_back
