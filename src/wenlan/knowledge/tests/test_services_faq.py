import pytest

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import StaffRoleFactory
from wenlan.core.errors import PermissionDeniedError
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.errors import ArticleInvalidError
from wenlan.knowledge.models import Article, Passage
from wenlan.knowledge.selectors.retrieval import search
from wenlan.knowledge.services.faq import faq_publish

pytestmark = pytest.mark.django_db


def staff(role=Role.REFERENCE_LIBRARIAN):
    return StaffRoleFactory(role=role).user


def test_a_librarian_publishes_an_answer_that_search_then_finds():
    librarian = staff()
    article = faq_publish(
        librarian,
        question_zh="读者证丢了怎么办？",
        answer_zh="请带身份证到任一图书馆服务台挂失并补办读者证。",
        question_en="What if I lose my library card?",
        answer_en="Bring your identity card to any library's desk to report it and get a new card.",
        sources=[
            {
                "title": "读者须知",
                "publisher": "杭州图书馆",
                "url": "https://www.hzlib.net/",
                "date": "2024",
            }
        ],
        origin="reference question 42",
    )
    assert article.kind == ArticleKind.FAQ
    assert article.slug == "faq-what-if-i-lose-my-library-card"
    assert article.get_absolute_url() == "/kb/faq-what-if-i-lose-my-library-card/"
    assert article.origin == "reference question 42"
    assert article.updated_by == librarian
    texts = dict(Passage.objects.filter(article=article).values_list("language", "text"))
    assert texts["zh-hans"] == "读者证丢了怎么办？ 请带身份证到任一图书馆服务台挂失并补办读者证。"
    assert [s.title for s in article.sources.all()] == ["读者须知"]
    assert search("借书证丢失")[0].ref == f"{article.slug}#1"


def test_the_same_question_twice_gets_a_second_slug():
    librarian = staff()
    first = faq_publish(
        librarian, question_zh="问一", answer_zh="答一", question_en="Q", answer_en="A"
    )
    second = faq_publish(
        librarian, question_zh="问二", answer_zh="答二", question_en="Q", answer_en="A"
    )
    assert (first.slug, second.slug) == ("faq-q", "faq-q-2")
    only_zh = faq_publish(librarian, question_zh="问三", answer_zh="答三")
    assert only_zh.slug == "faq-2"


def test_refused_without_knowledge_edit_or_an_answer():
    with pytest.raises(PermissionDeniedError):
        faq_publish(staff(Role.VOLUNTEER_COORDINATOR), question_zh="问", answer_zh="答")
    with pytest.raises(ArticleInvalidError):
        faq_publish(staff(), question_zh="问", answer_zh=" ")
    assert not Article.objects.exists()
