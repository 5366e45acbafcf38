import pytest
from django.core import mail

from wenlan.reference.models import Question
from wenlan.reference.tests.factories import (
    QuestionFactory,
    QuestionSourceFactory,
    VisitorQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_the_nav_and_account_page_link_to_questions(client, desk):
    assert 'href="/ask/"' in client.get("/").content.decode()
    client.force_login(desk.reader.user)
    assert 'href="/me/questions/"' in client.get("/me/").content.decode()


def test_a_reader_asks_without_contact_fields(client, desk):
    client.force_login(desk.reader.user)
    page = client.get("/ask/").content.decode()
    assert 'name="contact_email"' not in page and 'name="text"' in page
    response = client.post(
        "/ask/", {"text": "西湖有几个岛？", "category": "local", "language": "zh-hans"}
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/me/questions/{question.pk}/"
    assert question.asker_id == desk.reader.pk
    page = client.get(response["Location"]).content.decode()
    assert "西湖有几个岛？" in page and "已收到您的咨询" in page


def test_the_form_language_follows_the_page(client, desk):
    page = client.get("/ask/", headers={"accept-language": "en"}).content.decode()
    assert '<option value="en" selected>' in page


def test_a_visitor_asks_and_lands_on_the_private_link(
    client, desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ask/",
            {
                "text": "<script>alert(1)</script> opening hours?",
                "category": "lending",
                "language": "en",
                "contact_name": "Ann",
                "contact_email": "ann@example.org",
            },
        )
    question = Question.objects.get()
    assert response["Location"] == f"/ask/q/{question.access_token}/"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert question.access_token in body  # the link shown to keep
    assert page["Cache-Control"] == "private, no-store"
    assert len(mail.outbox) == 1


def test_bad_input_is_a_form_error_and_nothing_is_lost(client, desk, settings):
    settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS = 100
    response = client.post(
        "/ask/",
        {"text": "问" * 101, "category": "local", "language": "zh-hans", "contact_name": "王"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "问" * 101 in body  # the text stays in the form
    assert 'class="error"' in body
    response = client.post("/ask/", {"text": "x", "category": "nope", "language": "xx"})
    assert response.status_code == 200
    assert Question.objects.count() == 0


def test_my_questions_and_answer_with_sources(client, desk, django_assert_max_num_queries):
    question = QuestionFactory(asker=desk.reader, status="answered", answer="答复：三潭印月等")
    QuestionSourceFactory(question=question, url="https://example.org/xh", title="西湖志")
    QuestionFactory(asker=desk.other_reader, text="别人的问题")
    client.force_login(desk.reader.user)
    client.get("/me/questions/")
    with django_assert_max_num_queries(8):
        page = client.get("/me/questions/").content.decode()
    assert question.text in page and "别人的问题" not in page
    page = client.get(f"/me/questions/{question.pk}/").content.decode()
    assert "三潭印月" in page and "西湖志" in page and "https://example.org/xh" in page


def test_another_readers_question_is_not_found(client, desk):
    question = QuestionFactory(asker=desk.other_reader)
    client.force_login(desk.reader.user)
    assert client.get(f"/me/questions/{question.pk}/").status_code == 404


def test_an_unanswered_question_shows_no_answer(client, desk):
    question = QuestionFactory(asker=desk.reader, status="assigned", answer="draft")
    client.force_login(desk.reader.user)
    page = client.get(f"/me/questions/{question.pk}/").content.decode()
    assert "draft" not in page and "馆员正在处理" in page


def test_a_wrong_private_link_is_not_found(client, desk):
    VisitorQuestionFactory()
    assert client.get("/ask/q/nope/").status_code == 404
    assert client.get("/ask/q/" + "x" * 100 + "/").status_code == 404


def test_the_reader_reopens(client, desk):
    question = QuestionFactory(asker=desk.reader, status="answered", answer="a")
    client.force_login(desk.reader.user)
    response = client.post(f"/me/questions/{question.pk}/reopen/", {"reason": "不对"})
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).status == "new"


def test_a_visitor_reopens(client, desk):
    question = VisitorQuestionFactory(status="answered", answer="a")
    client.post(f"/ask/q/{question.access_token}/reopen/", {"reason": ""})
    assert Question.objects.get(pk=question.pk).status == "new"


def test_the_question_page_in_english(client, desk):
    import re

    question = QuestionFactory(
        asker=desk.reader, status="answered", answer="Three islands.", text="How many islands?"
    )
    QuestionSourceFactory(question=question, title="West Lake", publisher="UNESCO", date="2011")
    desk.reader.user.language = "en"
    desk.reader.user.save(update_fields=["language"])
    client.force_login(desk.reader.user)
    page = client.get(f"/me/questions/{question.pk}/").content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "The librarian's answer" in main and "West Lake · UNESCO · 2011" in main
    assert re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", main) == []
