"""`/api/knowledge/...`: the published knowledge base and its search (public reads)."""

from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from wenlan.core.errors import NotFoundError
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.models import Article
from wenlan.knowledge.schemas import ArticleOut, ArticleSummaryOut, SearchHitOut
from wenlan.knowledge.selectors import articles as selectors
from wenlan.knowledge.selectors.retrieval import search

router = Router(tags=["knowledge"])


def _summary(request: HttpRequest, article: Article) -> dict:
    return {
        "slug": article.slug,
        "kind": article.kind,
        "title_zh": article.title_zh,
        "title_en": article.title_en,
        "topics": sorted(t.slug for t in article.topics.all()),
        "review_on": article.review_on,
        "is_stale": article.is_stale,
        "updated_at": article.updated_at,
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


class ArticleFilters(Schema):
    topic: str = Field("", max_length=64, description="A topic's slug")
    kind: str = Field("", max_length=16, description="article, faq or library")


@router.get(
    "/articles",
    response=list[ArticleSummaryOut],
    auth=None,
    summary="The published articles (articles, FAQ entries, library pages)",
)
def articles(request, filters: Query[ArticleFilters]):
    kinds = [filters.kind] if filters.kind else list(ArticleKind.values)
    rows = selectors.article_list_public(topic=filters.topic, kinds=kinds)
    return [_summary(request, article) for article in rows]


@router.get(
    "/articles/{slug}",
    response=ArticleOut,
    auth=None,
    summary="One article: its sources and its passages in both languages",
)
def article(request, slug: str):
    found = selectors.article_get(slug=slug[:100])
    if found is None or not found.is_published:
        raise NotFoundError()
    page = request.build_absolute_uri(found.get_absolute_url())
    sources = sorted(found.sources.all(), key=lambda s: s.position)
    passages = sorted(found.passages.all(), key=lambda p: (p.language, p.position))
    return {
        **_summary(request, found),
        "sources": [
            {
                "position": s.position,
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "date": s.date,
            }
            for s in sources
        ],
        "passages": [
            {
                "position": p.position,
                "language": p.language,
                "text": p.text,
                "sources": sorted(s.position for s in p.sources.all()),
                "url": f"{page}#p{p.position}",
            }
            for p in passages
        ],
    }


class SearchQuery(Schema):
    q: str = Field(..., max_length=1000, description="The question or words to search")
    language: str = Field(
        "", max_length=8, description="zh-hans or en; empty: guessed from the text"
    )
    limit: int = Field(5, ge=1, le=20)


@router.get(
    "/search",
    response=list[SearchHitOut],
    auth=None,
    summary="The passages that best answer a question, with their sources and confidence",
)
def knowledge_search(request, query: Query[SearchQuery]):
    threshold = settings.KNOWLEDGE_ANSWER_CONFIDENCE
    hits = search(query.q, language=query.language or None, limit=query.limit)
    out = []
    for hit in hits:
        data = asdict(hit)
        data["sources"] = [
            {"position": n, **source} for n, source in enumerate(data["sources"], start=1)
        ]
        data["url"] = request.build_absolute_uri(hit.url)
        data["answers"] = hit.confidence >= threshold
        out.append(data)
    return out
