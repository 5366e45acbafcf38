import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.services.articles import article_set_published, article_upsert
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
    article_upsert(SYSTEM, content=article_content("hidden"))
    article_set_published(SYSTEM, slug="hidden", published=False)


def test_articles(client, kb, django_assert_num_queries):
    with django_assert_num_queries(2):
        body = client.get("/api/knowledge/articles").json()
    assert [a["slug"] for a in body] == ["west-lake"]
    assert body[0]["topics"] == ["west-lake"]
    assert body[0]["url"] == "http://testserver/kb/west-lake/"
    assert body[0]["is_stale"] is False
    assert client.get("/api/knowledge/articles", {"kind": "faq"}).json() == []


def test_one_article(client, kb):
    body = client.get("/api/knowledge/articles/west-lake").json()
    assert body["sources"] == [
        {
            "position": 1,
            "title": "West Lake Cultural Landscape",
            "publisher": "UNESCO",
            "url": "https://whc.unesco.org/en/list/1334",
            "date": "2011-06-24",
        }
    ]
    assert body["passages"][1] == {
        "position": 2,
        "language": "en",
        "text": "The Su Causeway was built by Su Shi.",
        "sources": [1],
        "url": "http://testserver/kb/west-lake/#p2",
    }
    assert client.get("/api/knowledge/articles/hidden").status_code == 404
    assert client.get("/api/knowledge/articles/nope").json()["code"] == "not_found"


def test_search(client, kb):
    hits = client.get("/api/knowledge/search", {"q": "Who built the Su Causeway?"}).json()
    assert hits[0]["ref"] == "west-lake#2"
    assert hits[0]["language"] == "en"
    assert hits[0]["url"] == "http://testserver/kb/west-lake/#p2"
    assert hits[0]["sources"][0]["position"] == 1
    assert isinstance(hits[0]["answers"], bool)
    zh = client.get("/api/knowledge/search", {"q": "Su Causeway", "language": "zh-hans"}).json()
    assert zh[0]["language"] == "zh-hans"


def test_search_refuses_bad_input_politely(client, kb):
    assert client.get("/api/knowledge/search").status_code == 422
    assert client.get("/api/knowledge/search", {"q": "x" * 1001}).status_code == 422
    assert client.get("/api/knowledge/search", {"q": "<b>"}).json() == []
