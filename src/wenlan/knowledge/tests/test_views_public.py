import datetime as dt

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.services.articles import article_set_published, article_upsert
from wenlan.knowledge.services.faq import faq_publish
from wenlan.knowledge.tests.factories import TopicFactory, article_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    TopicFactory(slug="west-lake", name_zh="西湖", name_en="West Lake")
    article_upsert(
        SYSTEM,
        content=article_content(
            "west-lake",
            topics=("west-lake",),
            zh=("西湖位于杭州市西部，2011年列入世界遗产名录。", "苏堤是苏轼疏浚西湖时筑成的长堤。"),
            en=("West Lake lies west of Hangzhou.", "The Su Causeway was built by Su Shi."),
        ),
    )
    faq_publish(
        SYSTEM,
        question_zh="读者证丢了怎么办？",
        answer_zh="带身份证到服务台补办。",
        question_en="Lost my card?",
        answer_en="Bring your ID to a desk.",
    )


def test_the_article_page_has_passage_anchors_and_sources(client, kb, django_assert_num_queries):
    with django_assert_num_queries(5):  # article, passages, their sources, sources, topics
        response = client.get("/kb/west-lake/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p id="p2">苏堤是苏轼疏浚西湖时筑成的长堤。 <a class="kb-cite" href="#west-lake-s1"'
        in html
    )
    assert 'id="west-lake-s1"><a href="https://whc.unesco.org/en/list/1334"' in html
    assert "UNESCO" in html and "2011-06-24" in html
    assert "复审" not in html


def test_the_article_in_english(client, kb):
    client.cookies["django_language"] = "en"
    html = client.get("/kb/west-lake/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p id="p2">The Su Causeway was built by Su Shi.' in html


def test_a_stale_article_says_so(client, kb):
    article_upsert(SYSTEM, content=article_content("old", review_on=dt.date(2020, 1, 1)))
    html = client.get("/kb/old/").content.decode()
    assert "本文应在 2020-01-01 复审" in html


def test_unpublished_and_unknown_articles_are_not_found(client, kb):
    article_set_published(SYSTEM, slug="west-lake", published=False)
    assert client.get("/kb/west-lake/").status_code == 404
    assert client.get("/kb/nothing-here/").status_code == 404


def test_home_lists_topics_and_searches(client, kb):
    html = client.get("/kb/").content.decode()
    assert '<a href="?topic=west-lake">西湖</a>' in html
    html = client.get("/kb/", {"q": "苏堤是谁修的"}).content.decode()
    assert '<a href="/kb/west-lake/#p2">西湖</a>' in html
    html = client.get("/kb/", {"topic": "west-lake"}).content.decode()
    assert '<a href="/kb/west-lake/">西湖</a>' in html


def test_search_escapes_markup_and_survives_hostile_input(client, kb):
    html = client.get("/kb/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    response = client.get("/kb/", {"q": "西" * 300})
    assert response.status_code == 200
    assert "搜索词太长了" in response.content.decode()
    assert client.get("/kb/", {"q": "\x01\x02 ?? ；"}).status_code == 200


def test_faq_page(client, kb, django_assert_num_queries):
    with django_assert_num_queries(5):
        html = client.get("/kb/faq/").content.decode()
    assert "读者证丢了怎么办？" in html
    assert "带身份证到服务台补办。" in html


def test_footer_links_to_the_knowledge_base(client):
    assert '<a href="/kb/">知识库</a>' in client.get("/kb/").content.decode()
