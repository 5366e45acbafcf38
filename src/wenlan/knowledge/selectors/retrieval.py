"""Passages that answer a question: BM25 (bm25s) over the published passages, one
index per language, built in memory in each process from the database.

The index is rebuilt when the knowledge base changes: every write service bumps
`KnowledgeVersion`, which a process reads at most once every
`WENLAN_KNOWLEDGE_VERSION_SECONDS`; the index is kept under its version in the
process cache (`core.cache`) and the one it replaces is dropped.

Terms come from `knowledge.terms` (the project's one normalisation, function words
out, English stemmed, synonym groups on both sides). `confidence` says how well
the best passages answer the question, from what share of the question's terms
(weighted by how rare they are) the passage holds and from the score's margin
over the next passage; `settings.KNOWLEDGE_ANSWER_CONFIDENCE` is the line between
"answers it" and "hand it to a librarian".
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.urls import reverse

from wenlan.core.cache import process_cache_forget, process_cached
from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.enums import PassageLanguage
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage, Source

# An index is kept this long at most; a newer version replaces it sooner.
INDEX_SECONDS = 24 * 3600
MAX_LIMIT = 50


@dataclass(frozen=True)
class SourceRef:
    title: str
    publisher: str
    url: str
    date: str  # as given: "2011-06-24", "2011-06" or "2011"; "" if unknown


@dataclass(frozen=True)
class Hit:
    passage_id: int
    ref: str  # "slug#n", n the passage's position from 1
    language: str  # "zh-hans" or "en" (accounts.enums.Language values)
    article_title: str  # in the passage's language
    text: str  # the passage, citation markers stripped
    url: str  # the passage's public page: "/kb/<slug>/#p<n>" (a path)
    sources: tuple[SourceRef, ...]
    score: float  # the raw BM25 score (after synonyms)
    confidence: float  # 0..1; >= settings.KNOWLEDGE_ANSWER_CONFIDENCE means "answers it"


@dataclass(frozen=True)
class _Doc:
    passage_id: int
    ref: str
    article_title: str
    text: str
    url: str
    sources: tuple[SourceRef, ...]
    terms: frozenset[str]


@dataclass(frozen=True)
class _Index:
    docs: tuple[_Doc, ...]
    retriever: object  # bm25s.BM25, or None when there are no passages
    idf: dict[str, float]
    max_idf: float


def knowledge_version() -> int:
    def load() -> int:
        row = KnowledgeVersion.objects.filter(pk=1).values_list("number", flat=True).first()
        return row or 0

    return process_cached(
        ("knowledge.version",), load, ttl=settings.WENLAN_KNOWLEDGE_VERSION_SECONDS
    )


def _passage_rows(language: str) -> tuple[list[_Doc], list[list[str]]]:
    """The language's published passages, and the terms of each: as stored, or
    cut again when the synonym list or the analysis changed since."""
    articles = {
        pk: (
            slug,
            (title_en if language == PassageLanguage.EN else title_zh) or title_zh,
            reverse("knowledge:article", kwargs={"slug": slug}),
        )
        for pk, slug, title_zh, title_en in Article.objects.filter(is_published=True).values_list(
            "pk", "slug", "title_zh", "title_en"
        )
    }
    sources = {
        pk: (position, SourceRef(title, publisher, url, date))
        for pk, position, title, publisher, url, date in Source.objects.filter(
            article__is_published=True
        ).values_list("pk", "position", "title", "publisher", "url", "date")
    }
    cited: dict[int, list[int]] = {}
    for passage_id, source_id in Passage.sources.through.objects.filter(
        passage__language=language, passage__article__is_published=True
    ).values_list("passage_id", "source_id"):
        cited.setdefault(passage_id, []).append(source_id)
    key = kb_terms.terms_key()
    rows = (
        Passage.objects.filter(language=language, article__is_published=True)
        .order_by("article__slug", "position")
        .values_list("pk", "article_id", "position", "text", "terms", "terms_key")
    )
    docs, corpus = [], []
    for pk, article_id, position, text, stored, stored_key in rows:
        slug, title, page = articles[article_id]
        terms = stored.split() if stored_key == key else kb_terms.indexed_terms(title, text).split()
        corpus.append(terms)
        docs.append(
            _Doc(
                passage_id=pk,
                ref=f"{slug}#{position}",
                article_title=title,
                text=text,
                url=f"{page}#p{position}",
                sources=tuple(ref for _n, ref in sorted(sources[s] for s in cited.get(pk, ()))),
                terms=frozenset(terms),
            )
        )
    return docs, corpus


def _build(language: str) -> _Index:
    import bm25s

    docs, corpus = _passage_rows(language)
    if not docs:
        return _Index((), None, {}, 1.0)
    # Passages are short and of even length: less length normalisation than
    # BM25's usual b=0.75, and term frequency saturating a little sooner.
    retriever = bm25s.BM25(k1=1.2, b=0.5)
    retriever.index(corpus, show_progress=False)
    n = len(docs)
    frequency: dict[str, int] = {}
    for doc in docs:
        for term in doc.terms:
            frequency[term] = frequency.get(term, 0) + 1
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
    return _Index(tuple(docs), retriever, idf, math.log(1 + (n + 0.5) / 0.5))


def _index(language: str) -> _Index:
    version = knowledge_version()
    key = ("knowledge.index", language, version)
    process_cache_forget(
        lambda k: (
            isinstance(k, tuple)
            and len(k) == 3
            and k[0] == "knowledge.index"
            and k[1] == language
            and k[2] != version
        )
    )
    return process_cached(key, lambda: _build(language), ttl=INDEX_SECONDS)


def _language_of(text: str, language: str | None) -> str:
    if language:
        tag = language.lower()
        if tag.startswith("zh"):
            return PassageLanguage.ZH_HANS
        if tag.startswith("en"):
            return PassageLanguage.EN
    return kb_terms.guess_language(text)


# A synonym group's term counts more than a word in the score: it stands for the
# words of the question it explains, which passages phrase otherwise. A single
# Chinese character (借, 看, 开) is most often a verb of the question's phrasing.
GROUP_WEIGHT = 1.5
SINGLE_HAN_WEIGHT = 0.5
SINGLE_HAN_COVERAGE = 0.3
UNKNOWN_WEIGHT = 1.5
RERANK = 10
RERANK_BASE = 5.0


def _is_single_han(term: str) -> bool:
    return len(term) == 1 and kb_terms.core_text.has_han(term)


def _refined(question: kb_terms.Question, index: _Index) -> kb_terms.Question:
    """The question with its words that no passage holds, and that jieba's HMM
    glued together, cut again by the dictionary (书快 → 书, 快)."""
    units: list[kb_terms.Unit] = []
    for unit in question.units:
        known = any(piece in index.idf for piece in unit.pieces)
        if known or len(unit.word) < 2 or not kb_terms.core_text.has_han(unit.word):
            units.append(unit)
            continue
        pieces = kb_terms.dictionary_words(unit.word)
        if pieces == [unit.word]:
            units.append(unit)
            continue
        units.extend(kb_terms.Unit(piece, (piece,), unit.groups) for piece in pieces)
    groups = [t for t in question.terms if t.startswith("~")]
    pieces = [piece for unit in units for piece in unit.pieces]
    return kb_terms.Question(tuple(dict.fromkeys(pieces + groups)), tuple(units))


def _scores(question: kb_terms.Question, index: _Index):
    """BM25 of the question's terms, weighted: a synonym group once more for each
    further word of the question it explains (up to three)."""
    explained: dict[str, int] = {}
    for unit in question.units:
        for group in unit.groups:
            explained[group] = explained.get(group, 0) + 1
    groups = [t for t in question.terms if t.startswith("~")]
    repeated = [g for g in groups for _ in range(min(3, max(1, explained.get(g, 1))))]
    singles = [t for t in question.terms if _is_single_han(t)]
    words = [t for t in question.terms if not t.startswith("~") and not _is_single_han(t)]
    scores = np.zeros(len(index.docs), dtype=np.float32)
    for terms, weight in ((words, 1.0), (repeated, GROUP_WEIGHT), (singles, SINGLE_HAN_WEIGHT)):
        known = [t for t in terms if t in index.idf]
        if known:
            scores += weight * index.retriever.get_scores(known)
    return scores


def _coverage(question: kb_terms.Question, doc: _Doc, index: _Index) -> float:
    """The share of the question's words, weighted by rarity, that the passage
    holds: a word counts whole when the passage holds it or a synonym group that
    explains it, in part when it holds a shorter word inside it; a word no
    passage holds weighs the most."""
    total = found = 0.0
    for unit in question.units:
        weight = index.idf.get(unit.word)
        if weight is None:
            known = [index.idf[p] for p in unit.pieces if p in index.idf]
            # A word no passage holds, nor any word inside it, nor a synonym:
            # what the question is about, most likely, is not in the knowledge base.
            weight = index.max_idf * (UNKNOWN_WEIGHT if not known and not unit.groups else 1.0)
        if _is_single_han(unit.word):
            weight *= SINGLE_HAN_COVERAGE
        total += weight
        if unit.word in doc.terms or unit.groups & doc.terms:
            found += weight
            continue
        found += weight * _found_inside(unit, doc)
    return found / total if total else 0.0


def _found_inside(unit: kb_terms.Unit, doc: _Doc) -> float:
    """The share of a long word the passage holds through a shorter word inside
    it (老人 of 老人家), or 0 when another word inside it, which the passage
    lacks, stands apart from what it holds (上海 of 上海图书馆: another library)."""
    spans = []
    for piece in unit.pieces:
        start = unit.word.find(piece)
        if piece != unit.word and start >= 0:
            spans.append((start, start + len(piece), piece in doc.terms))
    held = [(a, b) for a, b, present in spans if present]
    if not held:
        return 0.0
    for a, b, present in spans:
        if not present and not any(a < hb and ha < b for ha, hb in held):
            return 0.0
    return min(1.0, max(b - a for a, b in held) / len(unit.word))


def confidence_of(*, coverage: float, margin: float) -> float:
    """0..1 from the share of the question the passage covers and the score's
    margin over the next passage (0..1)."""
    value = coverage**0.5 * (0.7 + 0.3 * margin)
    return round(max(0.0, min(1.0, value)), 4)


def search(text: str, *, language: str | None = None, limit: int = 5) -> list[Hit]:
    """Best passages first. language None: guessed from the text (Han → zh-hans).
    English questions search English passages, Chinese questions Chinese ones.
    Never raises on any input (empty, 50,000 characters, NUL bytes, markup)."""
    text = text if isinstance(text, str) else ""
    # Lone surrogates (from a broken client) are no characters; OpenCC refuses them.
    text = text[: kb_terms.MAX_QUESTION_CHARS * 4].encode("utf-8", "ignore").decode("utf-8")
    language = language if isinstance(language, str) else None
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not text.strip() or limit == 0:
        return []
    lang = _language_of(text, language)
    question = kb_terms.question_terms(text)
    if not question.terms:
        return []
    index = _index(lang)
    if index.retriever is None:
        return []
    question = _refined(question, index)
    scores = _scores(question, index)
    top = _top(scores, max(limit + 1, RERANK))
    if not top:
        return []
    # The best few by BM25, ordered again by how much of the question each holds:
    # a passage that says one of the question's words many times is not the
    # best answer to all of it.
    coverage = {i: _coverage(question, index.docs[i], index) for i in top}
    ranked = {i: float(scores[i]) * (RERANK_BASE + coverage[i]) for i in top}
    top = sorted(top, key=lambda i: (-ranked[i], i))
    hits = []
    for rank, i in enumerate(top[:limit]):
        score = float(scores[i])
        key = ranked[i]
        following = ranked[top[rank + 1]] if rank + 1 < len(top) else 0.0
        margin = (key - following) / key if key > 0 else 0.0
        doc = index.docs[i]
        hits.append(
            Hit(
                passage_id=doc.passage_id,
                ref=doc.ref,
                language=lang,
                article_title=doc.article_title,
                text=doc.text,
                url=doc.url,
                sources=doc.sources,
                score=round(score, 4),
                confidence=confidence_of(coverage=_coverage(question, doc, index), margin=margin),
            )
        )
    return hits


def _top(scores: Sequence[float], k: int) -> list[int]:
    scores = np.asarray(scores)
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        positive = positive[part]
    return sorted(positive.tolist(), key=lambda i: (-scores[i], i))
