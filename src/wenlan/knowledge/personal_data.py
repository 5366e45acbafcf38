"""What the knowledge base holds about a person (core/personal_data.py): the
articles their account last edited, when the reader also works for the library
(normally none). Erasure leaves the articles and forgets who edited them."""

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.knowledge.models import Article


def _edited(reader_id: int):
    return Article.objects.filter(updated_by__reader__id=reader_id).order_by("slug")


def articles_edited_export(reader_id: int) -> list[dict]:
    return [
        {"article": article.slug, "title": article.title_zh, "updated_at": iso(article.updated_at)}
        for article in _edited(reader_id)
    ]


def articles_edited_erase(reader_id: int) -> None:
    _edited(reader_id).update(updated_by=None)


SECTIONS = (
    PersonalDataSection(
        name="knowledge_articles_edited",
        models=("knowledge.Article",),
        export=articles_edited_export,
        erase=articles_edited_erase,
        order=26,
    ),
)
