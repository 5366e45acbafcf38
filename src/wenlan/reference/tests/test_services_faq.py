import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.knowledge.models import Article
from wenlan.knowledge.tests.factories import TopicFactory
from wenlan.reference.errors import QuestionStateError
from wenlan.reference.models import Question
from wenlan.reference.services.faq import question_publish_faq
from wenlan.reference.tests.factories import QuestionFactory, QuestionSourceFactory

pytestmark = pytest.mark.django_db


def test_a_cleaned_answer_becomes_a_faq_entry(desk):
    TopicFactory(slug="west-lake", name_zh="西湖")
    question = QuestionFactory(
        asker=desk.reader,
        text="我叫张三，证号 R00000001，想问西湖有几个岛？",
        status="answered",
        answer="张三您好，西湖有三岛：小瀛洲、湖心亭、阮公墩。",
    )
    QuestionSourceFactory(question=question, title="西湖志", publisher="杭州出版社", date="2011")
    article = question_publish_faq(
        actor=desk.librarian,
        question_id=question.pk,
        question_zh="西湖有几个岛？",
        answer_zh="西湖有三岛：小瀛洲、湖心亭、阮公墩。",
        question_en="How many islands are there in West Lake?",
        answer_en="Three: Xiaoyingzhou, Huxinting and Ruangongdun.",
        topics=["west-lake"],
    )
    assert article.kind == "faq"
    question.refresh_from_db()
    assert question.faq_url == article.get_absolute_url()
    stored = Article.objects.get(pk=article.pk)
    text = " ".join(stored.passages.values_list("text", flat=True))
    assert "张三" not in text and "R00000001" not in text and "小瀛洲" in text


def test_only_answered_questions_by_knowledge_editors(desk):
    new = QuestionFactory(asker=desk.reader)
    with pytest.raises(QuestionStateError):
        question_publish_faq(
            actor=desk.librarian, question_id=new.pk, question_zh="q", answer_zh="a"
        )
    answered = QuestionFactory(asker=desk.reader, status="answered", answer="a")
    with pytest.raises(PermissionDeniedError):
        question_publish_faq(
            actor=desk.partner_staff, question_id=answered.pk, question_zh="q", answer_zh="a"
        )
    lead = staff_with_role(Role.BRANCH_LIBRARIAN, library=desk.central, username="branch")
    with pytest.raises(PermissionDeniedError):
        question_publish_faq(actor=lead, question_id=answered.pk, question_zh="q", answer_zh="a")
    assert Article.objects.filter(kind="faq").count() == 0
    assert Question.objects.get(pk=answered.pk).faq_url == ""
