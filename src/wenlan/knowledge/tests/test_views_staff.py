import datetime as dt

import pytest

from conftest import login
from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.knowledge.models import Article
from wenlan.knowledge.services.articles import article_upsert
from wenlan.knowledge.tests.factories import TopicFactory, article_content

pytestmark = pytest.mark.django_db

FORM = {
    "slug": "su-causeway",
    "kind": "article",
    "title_zh": "苏堤",
    "title_en": "Su Causeway",
    "topics": ["west-lake"],
    "review_on": "2027-12-31",
    "sources": "苏堤 | 杭州市园林文物局 | https://example.org/su | 2020\nWest Lake | UNESCO",
    "passages_zh": "苏堤是苏轼疏浚西湖时筑成的长堤。[1]\n\n苏堤春晓是西湖十景之一。[1, 2]",
    "passages_en": (
        "The Su Causeway was built by Su Shi. [1]\n\n"
        "Dawn on the Su Causeway is one of the Ten Scenes. [2]"
    ),
}


@pytest.fixture
def librarian(client):
    TopicFactory(slug="west-lake", name_zh="西湖", name_en="West Lake")
    return login(client, staff_with_role(Role.REFERENCE_LIBRARIAN, username="ref-wang"))


def test_a_librarian_writes_an_article(librarian):
    response = librarian.post("/staff/kb/new/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/staff/kb/su-causeway/edit/"
    article = Article.objects.get(slug="su-causeway")
    assert article.updated_by.username == "ref-wang"
    assert [t.slug for t in article.topics.all()] == ["west-lake"]
    assert list(article.sources.values_list("title", "publisher", "url", "date")) == [
        ("苏堤", "杭州市园林文物局", "https://example.org/su", "2020"),
        ("West Lake", "UNESCO", "", ""),
    ]
    second = article.passages.get(language="zh-hans", position=2)
    assert second.text == "苏堤春晓是西湖十景之一。"
    assert sorted(second.sources.values_list("position", flat=True)) == [1, 2]
    page = librarian.get("/staff/kb/su-causeway/edit/").content.decode()
    assert "苏堤春晓是西湖十景之一。 [1, 2]" in page


def test_edit_replaces_the_passages_and_keeps_the_slug(librarian):
    librarian.post("/staff/kb/new/", FORM)
    edited = {**FORM, "slug": "other", "passages_zh": "苏堤长约2.8公里。[1]", "passages_en": ""}
    assert librarian.post("/staff/kb/su-causeway/edit/", edited).status_code == 302
    article = Article.objects.get()
    assert article.slug == "su-causeway"
    assert list(article.passages.values_list("language", "text")) == [
        ("zh-hans", "苏堤长约2.8公里。")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"passages_zh": "一段。[3]", "passages_en": ""}, "段落引用了不存在的出处。"),
        ({"passages_en": "One. [1]"}, "英文段落的数目应与中文段落相同。"),
        ({"sources": "a | b | c | d | e"}, "第 1 行"),
        ({"sources": "苏堤 | x | javascript:alert(1)"}, "出处网址应以"),
        ({"slug": "faq"}, "标识只能包含"),
        ({"passages_zh": "段" * 3000 + "[1]", "passages_en": ""}, "每段最多 2000 个字符。"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(librarian, change, message):
    response = librarian.post("/staff/kb/new/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_taken_slug_is_refused(librarian):
    librarian.post("/staff/kb/new/", FORM)
    response = librarian.post("/staff/kb/new/", {**FORM, "title_zh": "另一篇"})
    assert "这个标识已被另一篇文章使用。" in response.content.decode()
    assert Article.objects.get().title_zh == "苏堤"


def test_list_flags_stale_articles_and_filters(librarian, django_assert_num_queries):
    article_upsert(SYSTEM, content=article_content("old", review_on=dt.date(2020, 1, 1)))
    article_upsert(SYSTEM, content=article_content("fresh", topics=("west-lake",)))
    for n in range(3):
        article_upsert(SYSTEM, content=article_content(f"more-{n}", topics=("west-lake",)))
    # the same few queries however many articles (topics prefetched)
    with django_assert_num_queries(9):
        html = librarian.get("/staff/kb/").content.decode()
    assert html.count("待复审</span>") == 1
    stale = librarian.get("/staff/kb/", {"stale": "on"}).content.decode()
    assert "/staff/kb/old/edit/" in stale and "/staff/kb/fresh/edit/" not in stale
    topic = librarian.get("/staff/kb/", {"topic": "west-lake"}).content.decode()
    assert "/staff/kb/fresh/edit/" in topic and "/staff/kb/old/edit/" not in topic


def test_unpublish_and_publish(librarian, client):
    librarian.post("/staff/kb/new/", FORM)
    assert librarian.post("/staff/kb/su-causeway/unpublish/").status_code == 302
    assert not Article.objects.get().is_published
    assert librarian.get("/kb/su-causeway/").status_code == 404
    librarian.post("/staff/kb/su-causeway/publish/")
    assert Article.objects.get().is_published


def test_a_library_page_is_not_edited_by_hand(librarian):
    article_upsert(SYSTEM, content=article_content("library-hz", kind="library"))
    html = librarian.get("/staff/kb/library-hz/edit/").content.decode()
    assert "图书馆信息页由图书馆的资料自动生成" in html
    assert "<textarea" not in html


def test_the_staff_home_links_to_the_knowledge_base(librarian):
    assert "/staff/kb/" in librarian.get("/staff/").content.decode()


def test_staff_without_the_permission_are_refused(client):
    login(client, staff_with_role(Role.VOLUNTEER_COORDINATOR))
    assert client.get("/staff/kb/").status_code == 403
    assert client.post("/staff/kb/new/", FORM).status_code == 403
    assert "/staff/kb/" not in client.get("/staff/").content.decode()
    assert not Article.objects.exists()
