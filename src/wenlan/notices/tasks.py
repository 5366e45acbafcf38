"""Delivery of a notice, queued after commit. It takes the notice's id, re-reads it,
and claims each channel before sending, so running it twice sends once; a channel
that fails gives its claim back and the task fails (its error kept with the task's
result), so enqueuing it again sends what did not go."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django_tasks import task

from wenlan.core import clock
from wenlan.notices.messages import notice_text
from wenlan.notices.models import Notice
from wenlan.notices.sms import SmsError, sms_gateway

logger = logging.getLogger(__name__)


def _claim(notice_id: int, field: str) -> bool:
    with transaction.atomic():
        return bool(
            Notice.objects.filter(pk=notice_id, **{f"{field}__isnull": True}).update(
                **{field: clock.now()}
            )
        )


def _release(notice_id: int, field: str) -> None:
    Notice.objects.filter(pk=notice_id).update(**{field: None})


@task()
def notice_deliver(notice_id: int) -> list[str]:
    """The channels the notice went out on this time ("email", "sms")."""
    notice = Notice.objects.select_related("reader").filter(pk=notice_id).first()
    if notice is None:
        return []
    reader = notice.reader
    with translation.override(reader.language):
        text = notice_text(kind=notice.kind, params=notice.params, reader_name=reader.name)
    sent = []
    if reader.email and reader.email_notices and _claim(notice_id, "emailed_at"):
        try:
            send_mail(text.subject, text.body, None, [reader.email])
        except OSError:
            _release(notice_id, "emailed_at")
            raise
        sent.append("email")
    gateway = sms_gateway()
    if gateway is not None and reader.phone and _claim(notice_id, "texted_at"):
        try:
            gateway.send(to=reader.phone, text=f"{text.subject}\n{text.body}")
        except SmsError:
            _release(notice_id, "texted_at")
            logger.warning("notice %s: text message not sent", notice_id, exc_info=True)
            raise
        sent.append("sms")
    return sent
