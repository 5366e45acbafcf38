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

from wenlan.core.cache import process_cache_forget, process_cached
from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.enums import PassageLanguage
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage

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
    """The language's published passages, and the terms of each (with its title)."""
    passages = (
        Passage.objects.filter(language=language, article__is_published=True)
        .select_related("article")
        .prefetch_related("sources")
        .order_by("article__slug", "position")
    )
    docs, corpus = [], []
    for passage in passages:
        article: Article = passage.article
        title = article.title_en if language == PassageLanguage.EN else article.title_zh
        title = title or article.title_zh
        sources = tuple(
            SourceRef(s.title, s.publisher, s.url, s.date)
            for s in sorted(passage.sources.all(), key=lambda s: s.position)
        )
        terms = kb_terms.passage_terms(f"{title}\n{passage.text}")
        corpus.append(terms)
        docs.append(
            _Doc(
                passage_id=passage.pk,
                ref=f"{article.slug}#{passage.position}",
                article_title=title,
                text=passage.text,
                url=f"{article.get_absolute_url()}#p{passage.position}",
                sources=sources,
                terms=frozenset(terms),
            )
        )
    return docs, corpus


def _build(language: str) -> _Index:
    import bm25s

    docs, corpus = _passage_rows(language)
    if not docs:
        return _Index((), None, {}, 1.0)
    retriever = bm25s.BM25()
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


def _coverage(question: kb_terms.Question, doc: _Doc, index: _Index) -> float:
    """The share of the question's terms, weighted by rarity, that the passage
    holds; a term the synonym list explains counts when its group is there, and a
    term no passage holds weighs the most."""
    total = found = 0.0
    for term in question.terms:
        if term.startswith("~"):
            continue  # a group stands for its terms, which are counted themselves
        weight = index.idf.get(term, index.max_idf)
        total += weight
        if term in doc.terms or (question.covered_by.get(term, frozenset()) & doc.terms):
            found += weight
    return found / total if total else 0.0


def confidence_of(*, coverage: float, margin: float) -> float:
    """0..1 from the share of the question the passage covers and the score's
    margin over the next passage (0..1)."""
    value = coverage * (0.75 + 0.25 * margin)
    return round(max(0.0, min(1.0, value)), 4)


def search(text: str, *, language: str | None = None, limit: int = 5) -> list[Hit]:
    """Best passages first. language None: guessed from the text (Han → zh-hans).
    English questions search English passages, Chinese questions Chinese ones.
    Never raises on any input (empty, 50,000 characters, NUL bytes, markup)."""
    text = text if isinstance(text, str) else ""
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
    scores = index.retriever.get_scores(list(question.terms))
    top = _top(scores, limit + 1)
    if not top:
        return []
    hits = []
    for rank, i in enumerate(top[:limit]):
        score = float(scores[i])
        following = float(scores[top[rank + 1]]) if rank + 1 < len(top) else 0.0
        margin = (score - following) / score if score > 0 else 0.0
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
