"""Notices by email, queued after commit. Each takes an id, re-reads, and claims
the notice before sending, so running it twice sends once."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wenlan.circulation.enums import NoticeKind
from wenlan.circulation.models import Notice
from wenlan.core import clock


def notice_text(notice: Notice) -> tuple[str, str]:
    """Subject and body, in the active language."""
    reader = notice.reader
    if notice.kind in (NoticeKind.DUE_SOON, NoticeKind.OVERDUE):
        loan = notice.loan
        title = loan.record.title if loan else ""
        due = loan.due_on.isoformat() if loan else ""
        if notice.kind == NoticeKind.DUE_SOON:
            return (
                _("即将到期：%(title)s") % {"title": title},
                _("%(name)s，您好！您借阅的《%(title)s》将于 %(due)s 到期，请按时归还或在线续借。")
                % {"name": reader.name, "title": title, "due": due},
            )
        return (
            _("已逾期：%(title)s") % {"title": title},
            _("%(name)s，您好！您借阅的《%(title)s》已于 %(due)s 到期，请尽快归还。")
            % {"name": reader.name, "title": title, "due": due},
        )
    hold = notice.hold
    title = hold.record.title if hold else ""
    if notice.kind == NoticeKind.HOLD_READY:
        return (
            _("预约到书：%(title)s") % {"title": title},
            _("%(name)s，您好！您预约的《%(title)s》已到 %(library)s，请于 %(until)s 前取书。")
            % {
                "name": reader.name,
                "title": title,
                "library": hold.pickup_library.name if hold else "",
                "until": hold.expires_on.isoformat() if hold and hold.expires_on else "",
            },
        )
    return (
        _("预约已过期：%(title)s") % {"title": title},
        _("%(name)s，您好！您预约的《%(title)s》保留期已过，预约已取消。")
        % {"name": reader.name, "title": title},
    )


@task()
def notice_send(notice_id: int) -> bool:
    with transaction.atomic():
        claimed = Notice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
            emailed_at=clock.now()
        )
    if not claimed:
        return False
    notice = (
        Notice.objects.select_related(
            "reader", "loan__record", "hold__record", "hold__pickup_library"
        )
        .filter(pk=notice_id)
        .first()
    )
    reader = notice.reader
    if not (reader.email and reader.email_notices):
        return False
    with translation.override(reader.language):
        subject, body = notice_text(notice)
    send_mail(subject, body, None, [reader.email])
    return True
