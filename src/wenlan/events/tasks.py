"""Event notices to readers, queued after commit: each task takes ids, re-reads,
and makes the reader's notice through the notices app (once per registration),
which delivers it."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Event, Registration
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create


def _when(starts_at) -> str:
    return timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")


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
        registration = Registration.objects.select_related("session__event").get(pk=registration_id)
        session = registration.session
        notice_create(
            reader_id=registration.reader_id,
            kind=NoticeKind.WAITLIST_PROMOTED,
            key=f"registration:{registration.pk}:promoted",
            params={
                "title": in_every_language(lambda: translated(session.event, "title")),
                "when": _when(session.starts_at),
                "code": registration.ticket_code,
            },
            link=reverse("events:ticket", args=[registration.ticket_code]),
        )
    return True


@task()
def event_cancelled_notify(event_id: int) -> int:
    """Tells each reader whose registration the cancellation ended, once."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    registrations = Registration.objects.select_related("session").filter(
        session__event=event, status=RegistrationStatus.CANCELLED, notified_at__isnull=True
    )
    title = in_every_language(lambda: translated(event, "title"))
    sent = 0
    for registration in registrations:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, notified_at__isnull=True
            ).update(notified_at=clock.now())
            if not claimed:
                continue
            notice_create(
                reader_id=registration.reader_id,
                kind=NoticeKind.EVENT_CANCELLED,
                key=f"registration:{registration.pk}:cancelled",
                params={
                    "title": title,
                    "when": _when(registration.session.starts_at),
                    "reason": event.cancel_reason,
                },
                link=reverse("events:event_detail", args=[event.pk]),
            )
        sent += 1
    return sent
