"""A librarian's answer, cleaned of anything personal, published as a FAQ entry."""

import datetime as dt
import re

from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.errors import ArticleInvalidError
from wenlan.knowledge.models import Article
from wenlan.knowledge.policies import ArticleContent, PassageIn, SourceIn
from wenlan.knowledge.services.articles import article_upsert

# A FAQ entry is reviewed this long after it is published.
FAQ_REVIEW_DAYS = 365
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _faq_slug(question_en: str) -> str:
    """faq-<English words>-<n>, or faq-<n>: unique, readable where it can be."""
    words = _NOT_SLUG.sub("-", question_en.lower()).strip("-")[:60].strip("-")
    stem = f"faq-{words}" if words else "faq"
    taken = set(Article.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    if stem not in taken and words:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


@transaction.atomic
def faq_publish(
    actor,
    *,
    question_zh: str,
    answer_zh: str,
    question_en: str = "",
    answer_en: str = "",
    sources: list[dict] = (),
    topics: list[str] = (),
    origin: str = "",
) -> Article:
    """A librarian publishes a cleaned-up answer as a public FAQ entry (an article
    of kind faq with one passage per language). ensure_can(actor, KNOWLEDGE_EDIT).
    sources: dicts with title, publisher, url, date. origin: free text such as
    "reference question 42". Returns the article (get_absolute_url())."""
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    question_zh, answer_zh = question_zh.strip(), answer_zh.strip()
    question_en, answer_en = question_en.strip(), answer_en.strip()
    if not question_zh or not answer_zh:
        raise ArticleInvalidError(field="answer_zh")
    if bool(question_en) != bool(answer_en):
        raise ArticleInvalidError(field="answer_en")
    refs = tuple(
        SourceIn(
            title=str(s.get("title") or "").strip(),
            publisher=str(s.get("publisher") or "").strip(),
            url=str(s.get("url") or "").strip(),
            date=str(s.get("date") or "").strip(),
        )
        for s in sources
    )
    cites = tuple(range(1, len(refs) + 1))
    # The question leads the passage: a reader asking it again in other words
    # finds the entry by the question's words as well as the answer's.
    content = ArticleContent(
        slug=_faq_slug(question_en),
        kind=ArticleKind.FAQ,
        title_zh=question_zh[:200],
        title_en=question_en[:200],
        review_on=clock.today() + dt.timedelta(days=FAQ_REVIEW_DAYS),
        topics=tuple(topics),
        sources=refs,
        passages_zh=(PassageIn(f"{question_zh} {answer_zh}", cites),),
        passages_en=(PassageIn(f"{question_en} {answer_en}", cites),) if answer_en else (),
        origin=origin,
    )
    return article_upsert(actor, content=content).article
