"""Writing articles: from a file, the staff form, a FAQ answer or a library's data.

Every write replaces the article's sources and passages whole, in one transaction
with the article's row locked, and bumps the knowledge base's version so that each
process rebuilds its search index (`selectors.retrieval`)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.enums import ArticleKind, PassageLanguage
from wenlan.knowledge.errors import (
    ArticleInvalidError,
    ArticleNotFoundError,
    GeneratedArticleError,
    SlugTakenError,
    UnknownTopicError,
)
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage, Source, Topic
from wenlan.knowledge.policies import ArticleContent, content_problem


@dataclass(frozen=True)
class ArticleSaved:
    article: Article
    outcome: str  # "created", "updated" or "unchanged"


def knowledge_version_bump() -> None:
    """Inside the writer's transaction: processes rebuild once it commits. The
    one row is made by the first writer; a second one making it at the same time
    waits for it and then counts on from it."""
    if KnowledgeVersion.objects.filter(pk=1).update(number=F("number") + 1):
        return
    try:
        with transaction.atomic():
            KnowledgeVersion.objects.create(pk=1, number=1)
    except IntegrityError:
        KnowledgeVersion.objects.filter(pk=1).update(number=F("number") + 1)


@transaction.atomic
def topic_upsert(actor, *, slug: str, name_zh: str, name_en: str = "") -> Topic:
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    topic, _created = Topic.objects.update_or_create(
        slug=slug, defaults={"name_zh": name_zh, "name_en": name_en}
    )
    return topic


@transaction.atomic
def article_upsert(actor, *, content: ArticleContent) -> ArticleSaved:
    """Creates the article or replaces it whole; the same content again changes
    nothing (not even its version)."""
    return _article_write(actor, content, expect=None)


@transaction.atomic
def article_create(actor, *, content: ArticleContent) -> Article:
    """A librarian's new article; refused when the slug is taken."""
    return _article_write(actor, content, expect="new").article


@transaction.atomic
def article_update(actor, *, content: ArticleContent) -> Article:
    """A librarian's edit, replacing the article whole; the generated library
    pages are not edited by hand (the next refresh would undo it)."""
    return _article_write(actor, content, expect="existing").article


def _article_write(actor, content: ArticleContent, *, expect: str | None) -> ArticleSaved:
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    problem = content_problem(content)
    if problem is not None:
        raise ArticleInvalidError(problem[1], field=problem[0])
    topics = list(Topic.objects.filter(slug__in=content.topics))
    if len(topics) != len(set(content.topics)):
        missing = sorted(set(content.topics) - {t.slug for t in topics})
        raise UnknownTopicError(field="topics", topics=missing)
    digest = content.digest()
    article = Article.objects.select_for_update().filter(slug=content.slug).first()
    if expect == "new" and article is not None:
        raise SlugTakenError(field="slug")
    if expect == "existing" and article is None:
        raise ArticleNotFoundError()
    if expect == "existing" and (
        article.kind == ArticleKind.LIBRARY or content.kind == ArticleKind.LIBRARY
    ):
        raise GeneratedArticleError()
    if article is not None and article.content_digest == digest:
        return ArticleSaved(article, "unchanged")
    outcome = "created" if article is None else "updated"
    if article is None:
        article = Article(slug=content.slug)
    article.kind = content.kind
    article.title_zh = content.title_zh.strip()
    article.title_en = content.title_en.strip()
    article.review_on = content.review_on
    article.is_published = content.is_published
    article.origin = content.origin[:200]
    article.content_digest = digest
    article.updated_by = acting_user(actor)
    if outcome == "created":
        try:
            with transaction.atomic():
                article.save(force_insert=True)
        except IntegrityError as error:  # the same slug, written at the same moment
            raise SlugTakenError(field="slug") from error
    else:
        article.save()
    article.topics.set(topics)
    _replace_passages(article, content)
    knowledge_version_bump()
    return ArticleSaved(article, outcome)


def _replace_passages(article: Article, content: ArticleContent) -> None:
    Passage.objects.filter(article=article).delete()
    Source.objects.filter(article=article).delete()
    sources = Source.objects.bulk_create(
        Source(
            article=article,
            position=n,
            title=s.title.strip()[:300],
            publisher=s.publisher.strip()[:200],
            url=s.url.strip()[:500],
            date=s.date.strip()[:10],
        )
        for n, s in enumerate(content.sources, start=1)
    )
    rows, cites = [], []
    key = kb_terms.terms_key()
    for language, passages, title in (
        (PassageLanguage.ZH_HANS, content.passages_zh, article.title_zh),
        (PassageLanguage.EN, content.passages_en, article.title_en or article.title_zh),
    ):
        for n, passage in enumerate(passages, start=1):
            rows.append(
                Passage(
                    article=article,
                    language=language,
                    position=n,
                    text=passage.text,
                    terms=kb_terms.indexed_terms(title, passage.text),
                    terms_key=key,
                )
            )
            cites.append(passage.cites)
    created = Passage.objects.bulk_create(rows)
    links = [
        Passage.sources.through(passage_id=passage.pk, source_id=sources[n - 1].pk)
        for passage, numbers in zip(created, cites, strict=True)
        for n in numbers
    ]
    Passage.sources.through.objects.bulk_create(links)


@transaction.atomic
def article_set_published(actor, *, slug: str, published: bool) -> Article:
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    article = Article.objects.select_for_update().filter(slug=slug).first()
    if article is None:
        raise ArticleNotFoundError()
    if article.is_published != published:
        article.is_published = published
        article.updated_by = acting_user(actor)
        # The digest covers publication: an import of the same file publishes again.
        article.content_digest = ""
        article.save(update_fields=["is_published", "updated_by", "content_digest", "updated_at"])
        knowledge_version_bump()
    return article
