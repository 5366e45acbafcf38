import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.network.tests.factories import PartnerFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.robot.enums import Feedback, Intent
from wenlan.robot.tests.factories import ConversationFactory, TurnFactory

pytestmark = pytest.mark.django_db

URL = "/staff/robot/"


def test_the_review_lists_unhelpful_answers_and_unanswered_questions(
    client, django_assert_max_num_queries
):
    conversation = ConversationFactory()
    TurnFactory(conversation=conversation, feedback=Feedback.UNHELPFUL, answer="<b>旧答案</b>")
    TurnFactory(conversation=conversation, feedback=Feedback.HELPFUL)
    for question_id in (None, 41, None):
        TurnFactory(
            conversation=conversation,
            question="明天会下雨吗？",
            answered=False,
            answer="不知道",
            sources=[],
            handover_question_id=question_id,
        )
    TurnFactory(
        conversation=conversation, question="<script>x</script>", answered=False, sources=[]
    )
    TurnFactory(conversation=conversation, intent=Intent.EMPTY, question="", answered=False)
    login(client, staff_with_role(Role.REFERENCE_LIBRARIAN))
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "&lt;b&gt;旧答案&lt;/b&gt;" in page and "<b>旧答案" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    review = response.context["review"]
    assert [row.count for row in review.unanswered] == [1, 3]
    assert [row.turn.question for row in review.unanswered] == [
        "<script>x</script>",
        "明天会下雨吗？",
    ]
    assert len(review.unhelpful) == 1
    figures = review.figures
    assert (figures.turns, figures.unanswered, figures.helpful, figures.unhelpful) == (7, 4, 1, 1)
    assert 'href="/staff/kb/"' in page
    assert 'href="/staff/reference/questions/41/"' in page
    assert figures.handed_over == 1


def test_the_review_is_for_knowledge_editors_only(client):
    login(client, ReaderFactory().user)
    assert client.get(URL).status_code == 403
    login(client, staff_with_role(Role.REFERENCE_PARTNER, partner=PartnerFactory()))
    assert client.get(URL).status_code == 403


def test_the_staff_home_links_to_the_review(client):
    login(client, staff_with_role(Role.REFERENCE_LIBRARIAN))
    assert URL in client.get(reverse("accounts:staff_home")).content.decode()


def test_the_chat_box_is_on_public_pages_and_not_on_staff_pages(client):
    page = client.get("/").content.decode()
    assert 'id="robot"' in page and "robot/chat.js" in page
    assert 'data-ask-url="/api/reference/ask"' in page
    assert 'id="robot-strings"' in page
    login(client, staff_with_role(Role.REFERENCE_LIBRARIAN))
    assert 'id="robot"' not in client.get(URL).content.decode()


def test_the_chat_box_speaks_the_page_s_language(client):
    client.cookies["wenlan_language"] = "en"
    page = client.get("/").content.decode()
    assert "Ask Wenlan" in page and "Your question" in page
