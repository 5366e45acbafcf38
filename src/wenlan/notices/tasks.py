"""Delivery of a notice, queued after commit. It takes the notice's id, re-reads it,
and claims each channel before sending, so running it twice sends once; a channel
that fails gives its claim back and the task fails (its error kept with the task's
result), so enqueuing it again sends what did not go."""

import logging

from django.core.mail import send_mail
from django.utils import translation
from django_tasks import task

from wenlan.notices.messages import notice_text
from wenlan.notices.selectors import notice_for_delivery
from wenlan.notices.services import notice_channel_claim, notice_channel_release
from wenlan.notices.sms import SmsError, sms_gateway

logger = logging.getLogger(__name__)


@task()
def notice_deliver(notice_id: int) -> list[str]:
    """The channels the notice went out on this time ("email", "sms")."""
    notice = notice_for_delivery(notice_id=notice_id)
    if notice is None:
        return []
    reader = notice.reader
    with translation.override(reader.language):
        text = notice_text(kind=notice.kind, params=notice.params, reader_name=reader.name)
    sent = []
    if (
        reader.email
        and reader.email_notices
        and notice_channel_claim(notice_id=notice_id, channel="email")
    ):
        try:
            send_mail(text.subject, text.body, None, [reader.email])
        except OSError:
            notice_channel_release(notice_id=notice_id, channel="email")
            raise
        sent.append("email")
    gateway = sms_gateway()
    if (
        gateway is not None
        and reader.phone
        and notice_channel_claim(notice_id=notice_id, channel="sms")
    ):
        try:
            gateway.send(to=reader.phone, text=f"{text.subject}\n{text.body}")
        except SmsError:
            notice_channel_release(notice_id=notice_id, channel="sms")
            logger.warning("notice %s: text message not sent", notice_id, exc_info=True)
            raise
        sent.append("sms")
    return sent
