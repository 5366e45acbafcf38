"""Where an issued bulletin went (office, date, channel) and what it brought back:
a leader's instruction (领导批示) or adoption in a policy."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank.enums import BulletinStatus, FeedbackKind, SubmissionChannel
from wenlan.thinktank.errors import BulletinStateError
from wenlan.thinktank.models import Bulletin, Feedback, Submission
from wenlan.thinktank.permissions import ensure_editor


def _required(value: str, *, limit: int, name: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    return value[:limit]


@transaction.atomic
def submission_log(
    *, actor, bulletin_id: int, office: str, submitted_on: dt.date, channel: str
) -> Submission:
    ensure_editor(actor)
    bulletin = Bulletin.objects.filter(pk=bulletin_id).first()
    if bulletin is None:
        raise NotFoundError()
    if bulletin.status != BulletinStatus.ISSUED:
        raise BulletinStateError(_("只有已签发的简报可以报送。"))
    if channel not in SubmissionChannel.values:
        raise ValidationError(_("请选择报送方式。"), field="channel")
    if submitted_on > clock.today():
        raise ValidationError(_("报送日期不能晚于今天。"), field="submitted_on")
    return Submission.objects.create(
        bulletin=bulletin,
        office=_required(office, limit=200, name=_("报送单位")),
        submitted_on=submitted_on,
        channel=channel,
        created_by=acting_user(actor),
    )


@transaction.atomic
def feedback_record(
    *, actor, submission_id: int, kind: str, received_on: dt.date, by_whom: str, text: str
) -> Feedback:
    ensure_editor(actor)
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        raise NotFoundError()
    if kind not in FeedbackKind.values:
        raise ValidationError(_("请选择反馈类型。"), field="kind")
    if received_on < submission.submitted_on:
        raise ValidationError(_("反馈日期不能早于报送日期。"), field="received_on")
    return Feedback.objects.create(
        submission=submission,
        kind=kind,
        received_on=received_on,
        by_whom=_required(by_whom, limit=200, name=_("批示人或采纳单位")),
        text=(text or "").replace("\x00", "").strip()[:10_000],
    )
