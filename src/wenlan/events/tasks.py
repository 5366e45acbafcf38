"""Notices to readers, queued after commit. Each takes ids, re-reads, and is safe
to run twice."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Event, Registration


def _notify(reader, subject: str, body: str) -> None:
    if reader.email and reader.email_notices:
        send_mail(subject, body, None, [reader.email])


@task()
def registration_promoted_notify(registration_id: int) -> bool:
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id,
            status=RegistrationStatus.CONFIRMED,
            promoted_at__isnull=False,
            notified_at__isnull=True,
        ).update(notified_at=clock.now())
    if not claimed:
        return False
    registration = Registration.objects.select_related("reader", "session__event").get(
        pk=registration_id
    )
    reader, session = registration.reader, registration.session
    with translation.override(reader.language):
        title = translated(session.event, "title")
        _notify(
            reader,
            _("候补成功：%(title)s") % {"title": title},
            _(
                "%(name)s，您好！有读者取消了报名，您已从候补转为正式报名：\n%(title)s\n"
                "%(when)s\n票券码：%(code)s"
            )
            % {
                "name": reader.name,
                "title": title,
                "when": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                "code": registration.ticket_code,
            },
        )
    return True


@task()
def event_cancelled_notify(event_id: int) -> int:
    """Tells each reader whose registration the cancellation ended, once."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    registrations = Registration.objects.select_related("reader", "session").filter(
        session__event=event, status=RegistrationStatus.CANCELLED, notified_at__isnull=True
    )
    sent = 0
    for registration in registrations:
        claimed = Registration.objects.filter(pk=registration.pk, notified_at__isnull=True).update(
            notified_at=clock.now()
        )
        if not claimed:
            continue
        reader = registration.reader
        with translation.override(reader.language):
            title = translated(event, "title")
            _notify(
                reader,
                _("活动取消：%(title)s") % {"title": title},
                _("%(name)s，您好！很抱歉，您报名的活动已取消：\n%(title)s\n%(when)s\n%(reason)s")
                % {
                    "name": reader.name,
                    "title": title,
                    "when": timezone.localtime(registration.session.starts_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "reason": event.cancel_reason,
                },
            )
        sent += 1
    return sent
