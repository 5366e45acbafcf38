import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from wenlan.accounts.actors import ApiKeyActor
from wenlan.accounts.enums import Perm
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import OpeningExceptionFactory
from wenlan.reference.enums import QuestionChannel, QuestionStatus
from wenlan.reference.errors import (
    ContactRequiredError,
    NotFilingPartnerError,
    OnBehalfOfRequiredError,
    QuestionTextRequiredError,
    QuestionTooLongError,
)
from wenlan.reference.models import Question
from wenlan.reference.services.questions import question_ask
from wenlan.reference.tests.conftest import NOW
from wenlan.reference.tests.factories import CategoryServiceLevelFactory

pytestmark = pytest.mark.django_db


def partner_key(desk):
    return ApiKeyActor(user=desk.partner_staff, scopes=frozenset({Perm.REFERENCE_PARTNER}))


def test_a_reader_asks(desk):
    question = question_ask(
        desk.reader.user, text="  西湖十景是哪十景？ ", language="zh-hans", category="local"
    )
    assert question.asker_id == desk.reader.pk
    assert question.text == "西湖十景是哪十景？"
    assert (question.category, question.channel, question.status) == ("local", "web", "new")
    assert question.access_token == "" and question.contact_email == ""
    # Asked Wednesday 10:00: three working days on is Monday 10:00.
    assert question.due_at == NOW + dt.timedelta(days=5)
    assert question.get_absolute_url() == f"/me/questions/{question.pk}/"


def test_a_holiday_at_the_central_library_moves_the_due_time(desk):
    OpeningExceptionFactory(library=desk.central, date=dt.date(2026, 11, 27))  # Friday
    question = question_ask(desk.reader.user, text="问题", language="zh-hans")
    assert question.due_at == NOW + dt.timedelta(days=6)  # Tuesday


def test_a_categorys_service_level(desk, settings):
    settings.WENLAN_REFERENCE_DUE_WORKING_DAYS = 1
    CategoryServiceLevelFactory(category="study", due_working_days=10)
    assert question_ask(desk.reader.user, text="q", language="en").due_at == NOW + dt.timedelta(
        days=1
    )
    study = question_ask(desk.reader.user, text="q", language="en", category="study")
    assert study.due_at == NOW + dt.timedelta(days=14)


def test_a_visitor_asks_and_is_mailed_the_private_link(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = question_ask(
            AnonymousUser(),
            text="What are the opening hours on holidays?",
            language="en-GB",
            contact_name="Ann",
            contact_email="ann@example.org",
        )
    assert question.asker_id is None and question.language == "en"
    assert len(question.access_token) >= 32
    assert question.get_absolute_url() == f"/ask/q/{question.access_token}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.org"]
    assert question.access_token in mail.outbox[0].body
    assert "Ann" in mail.outbox[0].body  # in English: the question's language
    assert Question.objects.get(pk=question.pk).asked_mailed_at is not None


def test_the_mail_task_sends_once(desk, django_capture_on_commit_callbacks):
    from wenlan.reference.tasks import question_mail

    question = question_ask(
        AnonymousUser(), text="q", language="zh-hans", contact_email="v@example.org"
    )
    assert question_mail.call(question.pk, "asked") is True
    assert question_mail.call(question.pk, "asked") is False
    assert len(mail.outbox) == 1


def test_a_visitor_must_leave_an_email(desk):
    with pytest.raises(ContactRequiredError):
        question_ask(AnonymousUser(), text="q", language="zh-hans", contact_name="王")
    with pytest.raises(ValidationError) as error:
        question_ask(AnonymousUser(), text="q", language="zh-hans", contact_email="not-an-address")
    assert error.value.field == "contact_email"
    assert Question.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   ", "\x00\x00", "\n"])
def test_empty_text_is_refused(desk, text):
    with pytest.raises(QuestionTextRequiredError):
        question_ask(desk.reader.user, text=text, language="zh-hans")
    assert Question.objects.count() == 0


def test_huge_text_is_refused_and_nul_bytes_dropped(desk, settings):
    with pytest.raises(QuestionTooLongError) as error:
        question_ask(desk.reader.user, text="问" * 50_000, language="zh-hans")
    assert str(settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS) in str(error.value)
    question = question_ask(
        desk.reader.user, text="a\x00b<script>alert(1)</script>", language="zh-hans"
    )
    assert question.text == "ab<script>alert(1)</script>"  # kept as typed; escaped on pages


def test_bad_choices_are_refused(desk):
    for kwargs, field in (
        ({"language": "fr"}, "language"),
        ({"language": "zh-hans", "category": "weather"}, "category"),
        ({"language": "zh-hans", "channel": "fax"}, "channel"),
    ):
        with pytest.raises(ValidationError) as error:
            question_ask(desk.reader.user, text="q", **kwargs)
        assert error.value.field == field
    assert Question.objects.count() == 0


def test_the_robot_hands_over_a_conversation(desk):
    transcript = "读者：几点关门？\n机器人：抱歉，我不确定。\n" * 2000
    question = question_ask(
        desk.reader.user,
        text="几点关门？",
        language="zh-hans",
        channel=QuestionChannel.ROBOT,
        transcript=transcript,
    )
    assert question.channel == "robot"
    assert len(question.transcript) == 20_000 and question.transcript.endswith("…")


def test_a_partner_files_for_its_reader(desk):
    question = question_ask(
        partner_key(desk),
        text="请问有没有民国时期的杭州地图？",
        language="zh-hans",
        channel=QuestionChannel.API,
        on_behalf_of="浙图读者 3301",
    )
    assert question.partner_id == desk.partner.pk
    assert question.asker_id is None and question.on_behalf_of == "浙图读者 3301"
    assert question.access_token
    assert question.status == QuestionStatus.NEW


def test_a_partner_names_its_reader(desk):
    with pytest.raises(OnBehalfOfRequiredError):
        question_ask(partner_key(desk), text="q", language="zh-hans")


def test_only_a_partner_files_for_others(desk):
    with pytest.raises(PermissionDeniedError):
        question_ask(desk.reader.user, text="q", language="zh-hans", on_behalf_of="someone")
    with pytest.raises(PermissionDeniedError):
        question_ask(
            ApiKeyActor(user=desk.partner_staff, scopes=frozenset({Perm.LIBRARY_VIEW})),
            text="q",
            language="zh-hans",
            on_behalf_of="someone",
        )
    assert Question.objects.count() == 0


def test_a_network_admin_files_for_no_partner(desk):
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role

    admin = staff_with_role(Role.NETWORK_ADMIN, username="admin")
    with pytest.raises(NotFilingPartnerError):
        question_ask(admin, text="q", language="zh-hans", on_behalf_of="someone")
    # Without a reader record, staff ask as a visitor does.
    question = question_ask(admin, text="q", language="zh-hans", contact_email="a@example.org")
    assert question.asker_id is None and question.access_token


def test_a_visitors_address_asks_a_few_questions_a_day(desk, settings):
    from wenlan.core import clock
    from wenlan.core.errors import RateLimitedError

    settings.WENLAN_REFERENCE_VISITOR_QUESTIONS_PER_DAY = 2
    for _ in range(2):
        question_ask(AnonymousUser(), text="q", language="en", contact_email="a@example.org")
    with pytest.raises(RateLimitedError):
        question_ask(AnonymousUser(), text="q", language="en", contact_email="A@example.org")
    question_ask(desk.reader.user, text="q", language="en")  # readers are not limited
    with clock.freeze(NOW + dt.timedelta(days=1, minutes=1)):
        question_ask(AnonymousUser(), text="q", language="en", contact_email="a@example.org")
    assert Question.objects.filter(asker__isnull=True).count() == 3
