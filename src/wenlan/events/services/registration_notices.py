"""Telling readers what happened to their registration: each service claims one
registration's notice (its `notified_at`) and makes the reader's notice through the
notices app in the same transaction, so running it twice tells the reader once and
a failure leaves the claim unmade."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.events.enums import RegistrationStatus
from wenlan.events.models import Registration
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create


def _when(starts_at) -> str:
    return timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")


def _claim(**unnotified) -> Registration | None:
    """The registration, once, when it matches and nobody has told its reader yet."""
    claimed = Registration.objects.filter(notified_at__isnull=True, **unnotified).update(
        notified_at=clock.now()
    )
    if not claimed:
        return None
    return Registration.objects.select_related("occurrence__event").get(pk=unnotified["pk"])


@transaction.atomic
def registration_notify_promoted(*, registration_id: int) -> bool:
    """Tells the reader their waitlisted place became a seat; False when there is
    nothing (left) to tell."""
    registration = _claim(
        pk=registration_id, status=RegistrationStatus.CONFIRMED, promoted_at__isnull=False
    )
    if registration is None:
        return False
    occurrence = registration.occurrence
    notice_create(
        reader_id=registration.reader_id,
        kind=NoticeKind.WAITLIST_PROMOTED,
        key=f"registration:{registration.pk}:promoted",
        params={
            "title": in_every_language(lambda: translated(occurrence.event, "title")),
            "when": _when(occurrence.starts_at),
            "code": registration.ticket_code,
        },
        link=reverse("events:ticket", args=[registration.ticket_code]),
    )
    return True


@transaction.atomic
def registration_notify_cancelled(*, registration_id: int) -> bool:
    """Tells the reader the event of their registration was cancelled; False when
    there is nothing (left) to tell."""
    registration = _claim(pk=registration_id, status=RegistrationStatus.CANCELLED)
    if registration is None:
        return False
    event = registration.occurrence.event
    notice_create(
        reader_id=registration.reader_id,
        kind=NoticeKind.EVENT_CANCELLED,
        key=f"registration:{registration.pk}:cancelled",
        params={
            "title": in_every_language(lambda: translated(event, "title")),
            "when": _when(registration.occurrence.starts_at),
            "reason": event.cancel_reason,
        },
        link=reverse("events:event_detail", args=[event.pk]),
    )
    return True
