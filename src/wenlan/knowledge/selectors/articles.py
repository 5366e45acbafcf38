"""Reads of articles for the public pages, the staff pages and the API."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from wenlan.core import clock
from wenlan.core.i18n import is_english
from wenlan.knowledge.enums import ArticleKind, PassageLanguage
from wenlan.knowledge.models import Article, Passage, Source, Topic
from wenlan.knowledge.policies import ArticleContent, PassageIn, SourceIn


@dataclass(frozen=True)
class PassageView:
    position: int
    text: str
    cites: tuple[int, ...]  # source positions
    language: str  # the passage's own language (the other one when it has none)


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    passages: tuple[PassageView, ...]
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    fallback_language: str  # "" when the passages are in the page's language


_PASSAGES = Prefetch("passages", queryset=Passage.objects.prefetch_related("sources"))


def topic_list_with_counts() -> list[Topic]:
    """Topics with `article_count`, the published articles filed under them."""
    return list(
        Topic.objects.annotate(
            article_count=Count("articles", filter=Q(articles__is_published=True), distinct=True)
        ).order_by("slug")
    )


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.order_by("slug")


def article_list_public(*, topic: str = "", kinds=(ArticleKind.ARTICLE, ArticleKind.LIBRARY)):
    articles = (
        Article.objects.filter(is_published=True, kind__in=kinds)
        .prefetch_related("topics")
        .order_by("kind", "slug")
    )
    if topic:
        articles = articles.filter(topics__slug=topic)
    return articles


def faq_list_public() -> list[ArticlePage]:
    faqs = (
        Article.objects.filter(is_published=True, kind=ArticleKind.FAQ)
        .prefetch_related(_PASSAGES, "sources", "topics")
        .order_by("-updated_at", "slug")
    )
    return [_page(article) for article in faqs]


def _language() -> str:
    return PassageLanguage.EN if is_english() else PassageLanguage.ZH_HANS


def _page(article: Article) -> ArticlePage:
    wanted = _language()
    passages = list(article.passages.all())
    chosen = [p for p in passages if p.language == wanted]
    fallback = ""
    if not chosen:
        chosen = [p for p in passages if p.language != wanted]
        fallback = "zh-Hans" if wanted == PassageLanguage.EN else "en"
    return ArticlePage(
        article=article,
        passages=tuple(
            PassageView(
                p.position, p.text, tuple(sorted(x.position for x in p.sources.all())), p.language
            )
            for p in sorted(chosen, key=lambda p: p.position)
        ),
        sources=tuple(sorted(article.sources.all(), key=lambda s: s.position)),
        topics=tuple(article.topics.all()),
        fallback_language=fallback,
    )


def article_page_public(*, slug: str) -> ArticlePage | None:
    article = (
        Article.objects.filter(slug=slug, is_published=True)
        .prefetch_related(_PASSAGES, "sources", "topics")
        .first()
    )
    return None if article is None else _page(article)


def article_list_staff(*, topic: str = "", stale_only: bool = False) -> QuerySet[Article]:
    articles = (
        Article.objects.select_related("updated_by")
        .prefetch_related("topics")
        .annotate(passage_count=Count("passages"))
        .order_by("slug")
    )
    if topic:
        articles = articles.filter(topics__slug=topic)
    if stale_only:
        articles = articles.filter(review_on__lt=clock.today())
    return articles


def article_get(*, slug: str) -> Article | None:
    return (
        Article.objects.filter(slug=slug).prefetch_related("topics", "sources", _PASSAGES).first()
    )


def article_content(article: Article) -> ArticleContent:
    """What the article holds, as the form and the services take it. Needs
    `article` from article_get."""
    passages = sorted(article.passages.all(), key=lambda p: (p.language, p.position))

    def of(language: str) -> tuple[PassageIn, ...]:
        return tuple(
            PassageIn(p.text, tuple(sorted(s.position for s in p.sources.all())))
            for p in passages
            if p.language == language
        )

    return ArticleContent(
        slug=article.slug,
        kind=article.kind,
        title_zh=article.title_zh,
        title_en=article.title_en,
        review_on=article.review_on,
        topics=tuple(sorted(t.slug for t in article.topics.all())),
        sources=tuple(
            SourceIn(s.title, s.publisher, s.url, s.date)
            for s in sorted(article.sources.all(), key=lambda s: s.position)
        ),
        passages_zh=of(PassageLanguage.ZH_HANS),
        passages_en=of(PassageLanguage.EN),
        origin=article.origin,
        is_published=article.is_published,
    )
