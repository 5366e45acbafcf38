"""Enterprise technology consulting: the enterprise's contact (a partner-scoped
ENTERPRISE_REQUEST) files a request; a think-tank editor is assigned and delivers
a report file; the enterprise accepts it or asks for more (and the editor delivers
again). Each step is a ConsultingEvent."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank.enums import ConsultingStatus
from wenlan.thinktank.errors import ConsultingStateError
from wenlan.thinktank.models import ConsultingEvent, ConsultingRequest
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.services.clippings import upload_checked

# status → the states it may be reached from
ALLOWED_FROM = {
    ConsultingStatus.ASSIGNED: {
        ConsultingStatus.FILED,
        ConsultingStatus.ASSIGNED,
        ConsultingStatus.MORE_REQUESTED,
    },
    ConsultingStatus.DELIVERED: {ConsultingStatus.ASSIGNED, ConsultingStatus.MORE_REQUESTED},
    ConsultingStatus.ACCEPTED: {ConsultingStatus.DELIVERED},
    ConsultingStatus.MORE_REQUESTED: {ConsultingStatus.DELIVERED},
}


def _text(value: str, *, limit: int, name: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


def _locked(request_id: int) -> ConsultingRequest:
    found = ConsultingRequest.objects.select_for_update().filter(pk=request_id).first()
    if found is None:
        raise NotFoundError()
    return found


def _move(actor, request: ConsultingRequest, to: str, comment: str = "") -> ConsultingRequest:
    if request.status not in ALLOWED_FROM[to]:
        raise ConsultingStateError()
    request.status = to
    request.save()
    user = acting_user(actor)
    ConsultingEvent.objects.create(
        request=request,
        at=clock.now(),
        actor_label=user.get_username() if user else "system",
        status=to,
        comment=comment,
    )
    return request


@transaction.atomic
def consulting_file(*, actor, partner_id: int, title: str, question: str) -> ConsultingRequest:
    ensure_can(actor, Perm.ENTERPRISE_REQUEST, partner_id=partner_id)
    request = ConsultingRequest.objects.create(
        partner_id=partner_id,
        filed_by=acting_user(actor),
        title=_text(title, limit=200, name=_("标题")),
        question=_text(question, limit=10_000, name=_("咨询问题")),
        filed_at=clock.now(),
    )
    user = acting_user(actor)
    ConsultingEvent.objects.create(
        request=request,
        at=request.filed_at,
        actor_label=user.get_username() if user else "",
        status=ConsultingStatus.FILED,
    )
    return request


@transaction.atomic
def consulting_assign(*, actor, request_id: int, assignee_id: int) -> ConsultingRequest:
    ensure_editor(actor)
    request = _locked(request_id)
    assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None or not can(assignee, Perm.THINKTANK_EDIT):
        raise ValidationError(_("只能指派给决策信息编辑。"), field="assignee")
    request.assignee = assignee
    return _move(actor, request, ConsultingStatus.ASSIGNED, assignee.get_username())


@transaction.atomic
def consulting_deliver(
    *, actor, request_id: int, upload: UploadedFile, comment: str = ""
) -> ConsultingRequest:
    ensure_editor(actor)
    request = _locked(request_id)
    if request.status not in ALLOWED_FROM[ConsultingStatus.DELIVERED]:
        raise ConsultingStateError()
    request.report_name = upload_checked(upload)
    request.report = upload
    if request.delivered_at is None:
        request.delivered_at = clock.now()
    return _move(actor, request, ConsultingStatus.DELIVERED, (comment or "").strip()[:5000])


def _as_enterprise(actor, request_id: int) -> ConsultingRequest:
    ensure_can(actor, Perm.ENTERPRISE_REQUEST)  # refused before saying whether it exists
    partner_id = (
        ConsultingRequest.objects.filter(pk=request_id).values_list("partner_id", flat=True).first()
    )
    if partner_id is None:
        raise NotFoundError()
    ensure_can(actor, Perm.ENTERPRISE_REQUEST, partner_id=partner_id)
    return _locked(request_id)


@transaction.atomic
def consulting_accept(*, actor, request_id: int) -> ConsultingRequest:
    request = _as_enterprise(actor, request_id)
    request.accepted_at = clock.now()
    return _move(actor, request, ConsultingStatus.ACCEPTED)


@transaction.atomic
def consulting_ask_more(*, actor, request_id: int, comment: str) -> ConsultingRequest:
    request = _as_enterprise(actor, request_id)
    comment = _text(comment, limit=5000, name=_("补充要求"))
    return _move(actor, request, ConsultingStatus.MORE_REQUESTED, comment)
