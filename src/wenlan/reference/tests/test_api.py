import json

import pytest

from wenlan.accounts.services import apikey_create
from wenlan.reference.models import Question, Referral
from wenlan.reference.tests.factories import QuestionFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(desk):
    _record, secret = apikey_create(
        user=desk.partner_staff, name="zj", scopes=["reference.partner"]
    )
    return secret


def _post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def test_a_partner_files_and_follows_a_question(client, desk, key):
    response = _post(
        client,
        "/api/reference/questions",
        {"text": "民国时期的杭州地图在哪里查？", "language": "zh", "on_behalf_of": "ZJ-3301"},
        **{"X-API-Key": key},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    question = Question.objects.get()
    assert (body["id"], body["status"], body["channel"], body["language"]) == (
        question.pk,
        "new",
        "api",
        "zh-hans",
    )
    assert body["answer"] is None and body["url"] == f"/ask/q/{question.access_token}/"
    assert question.partner_id == desk.partner.pk
    got = client.get(f"/api/reference/questions/{question.pk}", headers={"X-API-Key": key})
    assert got.status_code == 200 and got.json()["on_behalf_of"] == "ZJ-3301"


def test_a_partner_must_name_its_reader(client, desk, key):
    response = _post(client, "/api/reference/questions", {"text": "q"}, **{"X-API-Key": key})
    assert response.status_code == 422
    assert response.json()["code"] == "question_on_behalf_of_required"


def test_a_reader_asks_by_session_and_reads_the_answer(client, desk):
    client.force_login(desk.reader.user)
    response = _post(client, "/api/reference/questions", {"text": "", "language": "en"})
    assert response.status_code == 422 and response.json()["code"] == "question_text_required"
    answered = QuestionFactory(asker=desk.reader, status="answered", answer="Yes")
    body = client.get(f"/api/reference/questions/{answered.pk}").json()
    assert body["answer"] == "Yes"


def test_no_one_else_reads_a_question(client, desk, key):
    question = QuestionFactory(asker=desk.reader)
    client.force_login(desk.other_reader.user)
    assert client.get(f"/api/reference/questions/{question.pk}").status_code == 404
    client.logout()
    response = client.get(f"/api/reference/questions/{question.pk}", headers={"X-API-Key": key})
    assert response.status_code == 404


def test_the_partner_lists_and_answers_its_referrals(
    client, desk, key, django_assert_max_num_queries
):
    own = ReferralFactory(partner=desk.partner)
    ReferralFactory(partner=desk.outsider)
    headers = {"X-API-Key": key}
    client.get("/api/reference/referrals", headers=headers)
    with django_assert_max_num_queries(8):
        listed = client.get("/api/reference/referrals", headers=headers).json()
    assert [r["id"] for r in listed] == [own.pk]
    response = _post(
        client, f"/api/reference/referrals/{own.pk}/answer", {"answer": "见馆藏"}, **headers
    )
    assert response.status_code == 200 and response.json()["status"] == "answered"
    again = _post(client, f"/api/reference/referrals/{own.pk}/answer", {"answer": "x"}, **headers)
    assert again.status_code == 409 and again.json()["code"] == "referral_state"
    assert Referral.objects.get(pk=own.pk).answer == "见馆藏"


def test_the_readers_own_list(client, desk, django_assert_max_num_queries):
    QuestionFactory(asker=desk.reader, status="answered", answer="A")
    QuestionFactory(asker=desk.reader)
    QuestionFactory(asker=desk.other_reader)
    client.force_login(desk.reader.user)
    client.get("/api/reference/me/questions")
    with django_assert_max_num_queries(6):
        rows = client.get("/api/reference/me/questions").json()
    assert len(rows) == 2 and {r["answer"] for r in rows} == {"A", None}
    client.force_login(desk.librarian)
    assert client.get("/api/reference/me/questions").status_code == 404
