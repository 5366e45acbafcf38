"""The two-sessions (两会) desk: requests from deputies and members — who, the
question, the due time — assigned to an editor and answered with sources; and the
desk's log of on-site service."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank.enums import RequesterKind, SessionRequestStatus
from wenlan.thinktank.models import DeskLogEntry, SessionRequest
from wenlan.thinktank.permissions import ensure_editor


def _text(value: str, *, limit: int, name: str, required: bool = True) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


@transaction.atomic
def session_request_create(
    *,
    actor,
    requester: str,
    requester_kind: str,
    delegation: str,
    question: str,
    due_at: dt.datetime,
) -> SessionRequest:
    ensure_editor(actor)
    if requester_kind not in RequesterKind.values:
        raise ValidationError(_("请选择身份。"), field="requester_kind")
    return SessionRequest.objects.create(
        requester=_text(requester, limit=100, name=_("代表/委员")),
        requester_kind=requester_kind,
        delegation=_text(delegation, limit=100, name=_("代表团或界别"), required=False),
        question=_text(question, limit=5000, name=_("咨询问题")),
        due_at=due_at,
        created_at=clock.now(),
    )


@transaction.atomic
def session_request_assign(*, actor, request_id: int, assignee_id: int) -> SessionRequest:
    ensure_editor(actor)
    request = SessionRequest.objects.select_for_update().filter(pk=request_id).first()
    assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
    if request is None or assignee is None:
        raise NotFoundError()
    if not can(assignee, Perm.THINKTANK_EDIT):
        raise ValidationError(_("只能指派给决策信息编辑。"), field="assignee")
    request.assignee = assignee
    request.save(update_fields=["assignee"])
    return request


@transaction.atomic
def session_request_answer(*, actor, request_id: int, answer: str, sources: str) -> SessionRequest:
    ensure_editor(actor)
    request = SessionRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise NotFoundError()
    request.answer = _text(answer, limit=20_000, name=_("答复"))
    request.sources = _text(sources, limit=5000, name=_("参考来源"))
    request.status = SessionRequestStatus.ANSWERED
    request.answered_at = clock.now()
    if request.assignee_id is None:
        request.assignee = acting_user(actor)
    request.save()
    return request


@transaction.atomic
def desk_log_add(*, actor, place: str, note: str) -> DeskLogEntry:
    ensure_editor(actor)
    return DeskLogEntry.objects.create(
        at=clock.now(),
        staff=acting_user(actor),
        place=_text(place, limit=100, name=_("地点")),
        note=_text(note, limit=5000, name=_("服务记录")),
    )
