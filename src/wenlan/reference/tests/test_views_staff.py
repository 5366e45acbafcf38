import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.notices.models import Notice
from wenlan.reference.models import Question, QuestionNote, QuestionSource, Referral
from wenlan.reference.tests.factories import QuestionFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_staff_home_links_the_queue(client, desk):
    client.force_login(desk.librarian)
    assert 'href="/staff/reference/"' in client.get("/staff/").content.decode()
    client.force_login(desk.partner_staff)
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/reference/referrals/"' in page and 'href="/staff/reference/"' not in page


def test_the_queue_by_tab(client, desk, django_assert_max_num_queries):
    QuestionFactory.create_batch(3, asker=desk.reader)
    late = QuestionFactory(asker=desk.reader, due_at=clock.now() - dt.timedelta(hours=1))
    mine = QuestionFactory(asker=desk.reader, status="assigned", assignee=desk.librarian)
    referral = ReferralFactory(due_at=clock.now() - dt.timedelta(days=1))
    client.force_login(desk.librarian)
    client.get("/staff/reference/")
    with django_assert_max_num_queries(12):
        page = client.get("/staff/reference/").content.decode()
    assert page.count('class="badge new"') == 4
    page = client.get("/staff/reference/?tab=mine").content.decode()
    assert f"/staff/reference/questions/{mine.pk}/" in page
    page = client.get("/staff/reference/?tab=overdue").content.decode()
    assert f"/staff/reference/questions/{late.pk}/" in page
    assert 'id="overdue-referrals"' in page and referral.partner.name_zh in page
    assert client.get("/staff/reference/?tab=<b>").status_code == 200


def test_assign_note_answer_with_sources(client, desk):
    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.librarian)
    url = f"/staff/reference/questions/{question.pk}/"
    assert client.get(url).status_code == 200
    client.post(url + "assign/")
    assert Question.objects.get(pk=question.pk).assignee_id == desk.librarian.pk
    client.post(url + "notes/", {"text": "查了杭州市志"})
    assert QuestionNote.objects.get().text == "查了杭州市志"
    response = client.post(
        url + "answer/",
        {
            "answer": "西湖有三岛：小瀛洲、湖心亭、阮公墩。",
            "sources-TOTAL_FORMS": "4",
            "sources-INITIAL_FORMS": "0",
            "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "20",
            "sources-0-title": "西湖志",
            "sources-0-publisher": "杭州出版社",
            "sources-0-date": "2011",
            "sources-3-title": "杭州市志",
            "sources-3-url": "https://example.org/hzsz",
        },
    )
    assert response.status_code == 302
    assert list(QuestionSource.objects.values_list("title", flat=True)) == ["西湖志", "杭州市志"]
    assert Question.objects.get(pk=question.pk).status == "answered"
    assert Notice.objects.filter(reader=desk.reader, kind="question_answered").exists()


def test_a_bad_source_keeps_the_answer(client, desk):
    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.librarian)
    response = client.post(
        f"/staff/reference/questions/{question.pk}/answer/",
        {
            "answer": "很长的答复",
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-0-title": "t",
            "sources-0-date": "June",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "很长的答复" in body and "2011-06" in body
    assert Question.objects.get(pk=question.pk).status == "new"


def test_refer_and_record_the_partners_answer(client, desk):
    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.librarian)
    url = f"/staff/reference/questions/{question.pk}/"
    client.post(url + "refer/", {"partner": desk.partner.pk, "note": "请协助"})
    referral = Referral.objects.get()
    assert referral.partner_id == desk.partner.pk
    page = client.get(url).content.decode()
    assert "录入合作馆答复" in page
    client.post(
        f"/staff/reference/referrals/{referral.pk}/answer/",
        {"answer": "电话答复：有", "from": "question", "question": question.pk},
    )
    assert Referral.objects.get().status == "answered"
    assert Question.objects.get(pk=question.pk).status == "assigned"


def test_refer_to_an_outsider_is_a_form_error(client, desk):
    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.librarian)
    response = client.post(
        f"/staff/reference/questions/{question.pk}/refer/", {"partner": desk.outsider.pk}
    )
    assert response.status_code == 200 and Referral.objects.count() == 0


def test_the_partner_sees_and_answers_only_its_referrals(client, desk):
    own = ReferralFactory(partner=desk.partner, question__text="民国杭州地图？")
    other = ReferralFactory(partner=desk.outsider, question__text="别家的问题")
    client.force_login(desk.partner_staff)
    page = client.get("/staff/reference/referrals/").content.decode()
    assert "民国杭州地图？" in page and "别家的问题" not in page
    assert desk.reader.name not in page
    client.post(f"/staff/reference/referrals/{own.pk}/answer/", {"answer": "有，见馆藏"})
    assert Referral.objects.get(pk=own.pk).status == "answered"
    response = client.post(f"/staff/reference/referrals/{other.pk}/answer/", {"answer": "x"})
    assert response.status_code == 302
    assert Referral.objects.get(pk=other.pk).status == "sent"
    assert client.get("/staff/reference/").status_code == 403


def test_close_and_reopen(client, desk):
    question = QuestionFactory(asker=desk.reader, status="answered", answer="a")
    client.force_login(desk.librarian)
    url = f"/staff/reference/questions/{question.pk}/"
    client.post(url + "close/")
    assert Question.objects.get(pk=question.pk).status == "closed"
    client.post(url + "reopen/", {"reason": "补充"})
    assert Question.objects.get(pk=question.pk).status == "new"


def test_publish_as_faq(client, desk):
    question = QuestionFactory(
        asker=desk.reader,
        status="answered",
        answer="答复：可以，凭读者证。",
        text="我叫李四，能借吗？",
    )
    client.force_login(desk.librarian)
    url = f"/staff/reference/questions/{question.pk}/"
    page = client.get(url).content.decode()
    assert 'id="faq-form"' in page and "我叫李四，能借吗？" in page  # prefilled, to rewrite
    response = client.post(url + "faq/", {"question_zh": "", "answer_zh": "x"})
    assert response.status_code == 200 and Question.objects.get(pk=question.pk).faq_url == ""
    response = client.post(
        url + "faq/", {"question_zh": "能借书吗？", "answer_zh": "可以，凭读者证借阅。"}
    )
    assert response.status_code == 302
    faq_url = Question.objects.get(pk=question.pk).faq_url
    assert faq_url.startswith("/kb/")
    assert "可以，凭读者证借阅。" in client.get(faq_url).content.decode()


def test_opening_a_readers_question_is_audited(client, desk):
    from wenlan.core.models import AuditEntry

    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.librarian)
    client.get(f"/staff/reference/questions/{question.pk}/")
    client.get(f"/staff/reference/questions/{question.pk}/")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.subject_id, entry.actor_id) == (
        "read",
        str(desk.reader.pk),
        desk.librarian.pk,
    )


def test_a_question_taken_by_another_offers_no_take_button(client, desk):
    question = QuestionFactory(asker=desk.reader, status="assigned", assignee=desk.other_librarian)
    client.force_login(desk.librarian)
    page = client.get(f"/staff/reference/questions/{question.pk}/").content.decode()
    assert 'id="assign-me"' not in page and "ref2" in page


def test_the_queue_by_category_and_page(client, desk):
    QuestionFactory.create_batch(52, asker=desk.reader, category="local")
    QuestionFactory(asker=desk.reader, category="study", text="学习问题")
    client.force_login(desk.librarian)
    page = client.get("/staff/reference/?category=study").content.decode()
    assert "学习问题" in page and page.count('class="badge new"') == 1
    first = client.get("/staff/reference/?category=local").content.decode()
    assert first.count('class="badge new"') == 50 and "page=2" in first
    second = client.get("/staff/reference/?tab=new&category=local&page=2").content.decode()
    assert second.count('class="badge new"') == 2
    assert client.get("/staff/reference/?category=<x>&page=zz").status_code == 200
