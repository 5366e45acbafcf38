import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.thinktank.models import DeskLogEntry, SessionRequest
from wenlan.thinktank.services import sessions
from wenlan.thinktank.tests.factories import editor

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)


def _request(actor):
    return sessions.session_request_create(
        actor=actor,
        requester="张代表",
        requester_kind="deputy",
        delegation="西湖区",
        question="湿地面积变化？",
        due_at=NOW + dt.timedelta(hours=4),
    )


def test_a_request_is_assigned_and_answered_with_sources():
    desk, answerer = editor(), editor()
    with clock.freeze(NOW):
        request = _request(desk)
        sessions.session_request_assign(actor=desk, request_id=request.pk, assignee_id=answerer.pk)
        answered = sessions.session_request_answer(
            actor=answerer,
            request_id=request.pk,
            answer="近三年增加 2%。",
            sources="《杭州统计年鉴2026》",
        )
    assert (answered.status, answered.assignee, answered.answered_at) == ("answered", answerer, NOW)
    assert answered.sources == "《杭州统计年鉴2026》"


def test_refusals_change_nothing():
    desk = editor()
    request = _request(desk)
    reader = ReaderFactory().user
    with pytest.raises(ValidationError):
        sessions.session_request_assign(actor=desk, request_id=request.pk, assignee_id=reader.pk)
    with pytest.raises(ValidationError):
        sessions.session_request_answer(actor=desk, request_id=request.pk, answer="x", sources="")
    with pytest.raises(ValidationError):
        sessions.session_request_create(
            actor=desk,
            requester="",
            requester_kind="deputy",
            delegation="",
            question="q",
            due_at=NOW,
        )
    with pytest.raises(PermissionDeniedError):
        sessions.desk_log_add(actor=reader, place="服务台", note="x")
    request.refresh_from_db()
    assert (request.status, request.assignee, request.answer) == ("open", None, "")
    assert SessionRequest.objects.count() == 1 and not DeskLogEntry.objects.exists()


def test_the_desk_log():
    desk = editor()
    entry = sessions.desk_log_add(actor=desk, place="市民中心", note="为 6 位代表查询资料")
    assert (entry.staff, entry.place) == (desk, "市民中心")
