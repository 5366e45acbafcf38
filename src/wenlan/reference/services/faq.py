"""A good answer becomes a public FAQ entry: the librarian rewrites the question
and the answer without anything personal (names, card numbers, addresses, the
asker's circumstances), in Chinese and, if they like, English, and publishes it
through the knowledge base (knowledge.services.faq.faq_publish) with the answer's
sources. The question keeps the entry's address."""

from django.db import transaction

from wenlan.core.errors import NotFoundError
from wenlan.knowledge.services.faq import faq_publish
from wenlan.reference import locks
from wenlan.reference.enums import QuestionStatus
from wenlan.reference.errors import QuestionStateError
from wenlan.reference.models import QuestionSource
from wenlan.reference.permissions import ensure_answer
from wenlan.reference.services.questions import clean_text


@transaction.atomic
def question_publish_faq(
    *,
    actor,
    question_id: int,
    question_zh: str,
    answer_zh: str,
    question_en: str = "",
    answer_en: str = "",
    topics: list[str] = (),
):
    """Publishes the cleaned-up question and answer as a FAQ entry (the actor needs
    Perm.KNOWLEDGE_EDIT as well, which faq_publish asks); returns the article."""
    ensure_answer(actor)
    with locks.lock_timeout():
        question = locks.question_lock(question_id=question_id)
    if question is None:
        raise NotFoundError()
    if question.status not in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED):
        raise QuestionStateError()
    sources = [
        {"title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
        for s in QuestionSource.objects.filter(question=question).order_by("position", "pk")
    ]
    article = faq_publish(
        actor,
        question_zh=clean_text(question_zh),
        answer_zh=clean_text(answer_zh),
        question_en=clean_text(question_en),
        answer_en=clean_text(answer_en),
        sources=sources,
        topics=list(topics),
        origin=f"reference question {question.pk}",
    )
    question.faq_url = article.get_absolute_url()[:300]
    question.save(update_fields=["faq_url"])
    return article
