"""Sign-up, waitlist, cancellation, tickets and check-in.

A sign-up locks its occurrence's row for one statement (as pretix locks a quota):
the seat count is read and changed under that lock, so two readers never take
the last seat together; a partial unique constraint makes a double click give one
registration. Waitlisted readers are served in arrival order (primary key)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.core import audit, clock
from wenlan.core.errors import ConflictError, NotFoundError
from wenlan.core.models import AuditAction
from wenlan.core.tasks import enqueue_on_commit
from wenlan.events import locks
from wenlan.events.enums import EventStatus, RegistrationStatus
from wenlan.events.errors import (
    AlreadyCheckedInError,
    EventNotOpenError,
    NoReaderCardError,
    ReaderBlockedError,
    RegistrationLimitError,
    RegistrationWindowError,
    TicketNotValidError,
)
from wenlan.events.models import Occurrence, Registration
from wenlan.events.permissions import ensure_can_on_event
from wenlan.events.policies import (
    TICKET_LENGTH,
    no_show_blocked_until,
    registration_window_open,
    ticket_code_new,
    ticket_code_normalise,
)
from wenlan.events.selectors.registrations import no_show_rule, reader_places_for_signup
from wenlan.events.tasks import registration_promoted_notify
from wenlan.patrons.selectors import card_number_resolve, reader_for_user

CHECK_IN_OPENS_BEFORE = dt.timedelta(hours=12)


@dataclass(frozen=True)
class SignupResult:
    registration: Registration
    created: bool


@transaction.atomic(durable=True)
def registration_create(*, actor, occurrence_id: int) -> SignupResult:
    """The signed-in reader signs up; a full occurrence puts them on the waitlist. Asking
    again while registered returns the same registration.

    The reader's row is locked first, so one reader's sign-ups go one at a time and
    their places are read race-free; then the occurrence's row, for the seat count,
    the insert and the counters only (as pretix locks a quota): on PostgreSQL one
    hand-written statement (locks.seat_take), so the lock is held for it and the
    commit. Arrival order is the order of that lock, i.e. of the primary keys."""
    now = clock.now()
    rule = no_show_rule()
    # 31^10 codes: a clash is practically impossible; the unique index would refuse
    # one (a ConflictError below), so no look-up is spent on it.
    code = ticket_code_new()
    with locks.lock_timeout():
        user = acting_user(actor)
        reader_id = locks.reader_lock_of_user(user_id=user.pk if user is not None else None)
        if reader_id is None:
            raise NoReaderCardError()
        mine, no_shows = reader_places_for_signup(
            reader_id=reader_id, occurrence_id=occurrence_id, since=now - rule.window - rule.block
        )
        blocked = no_show_blocked_until(no_shows, now=now, rule=rule)
        if blocked is not None:
            raise ReaderBlockedError(
                _("您在 %(days)d 天内有 %(n)d 次报名后未到场，%(until)s 前不能报名活动。")
                % {
                    "days": settings.WENLAN_EVENT_NO_SHOW_WINDOW_DAYS,
                    "n": settings.WENLAN_EVENT_NO_SHOW_THRESHOLD,
                    "until": timezone.localtime(blocked).strftime("%Y-%m-%d %H:%M"),
                },
                until=blocked,
            )
        existing = next((r for r in mine if r.occurrence_id == occurrence_id), None)
        occurrence = locks.occurrence_for_signup(occurrence_id=occurrence_id)
    if occurrence is None:
        raise NotFoundError()
    event = occurrence.event
    if existing is not None:
        Registration.occurrence.field.set_cached_value(existing, occurrence)
        return SignupResult(existing, False)
    if (
        event.status != EventStatus.PUBLISHED
        or occurrence.is_cancelled
        or not (event.registration_required and occurrence.capacity > 0)
    ):
        raise EventNotOpenError()
    if not registration_window_open(
        now=now,
        opens_at=event.registration_opens_at,
        closes_at=event.registration_closes_at,
        occurrence_starts_at=occurrence.starts_at,
    ):
        raise RegistrationWindowError()
    held = sum(
        1 for r in mine if r.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    )
    if held >= event.max_occurrences_per_reader:
        raise RegistrationLimitError()

    registration = Registration(
        reader_id=reader_id, occurrence=occurrence, ticket_code=code, created_at=now
    )
    try:
        if not locks.seat_take(registration):
            raise EventNotOpenError()  # cancelled or closed since it was read
    except IntegrityError as error:
        # A ticket code clash, or (the locks make it unreachable) a second active
        # place: the constraint has kept the one registration there is, and this
        # attempt (its transaction now rolled back) is refused, not counted twice.
        raise ConflictError() from error
    return SignupResult(registration, True)


def promote_waitlisted(occurrence: Occurrence) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served. The caller holds
    the occurrence's lock and saves its counters."""
    free = occurrence.seats_left
    if free == 0 or occurrence.waitlist_count == 0:
        return []
    now = clock.now()
    promoted = list(
        Registration.objects.filter(
            occurrence=occurrence, status=RegistrationStatus.WAITLISTED
        ).order_by("pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.notified_at = None
        registration.save(update_fields=["status", "promoted_at", "notified_at"])
        enqueue_on_commit(registration_promoted_notify, registration.pk)
    occurrence.confirmed_count += len(promoted)
    occurrence.waitlist_count -= len(promoted)
    return promoted


@transaction.atomic
def registration_cancel(*, actor, registration_id: int) -> Registration:
    """By the reader, or by staff who manage the event. A freed seat goes to the
    first reader waiting, who is told."""
    registration = (
        Registration.objects.select_related("occurrence__event__venue")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    reader = reader_for_user(user=acting_user(actor))
    if reader is None or reader.pk != registration.reader_id:
        ensure_can_on_event(actor, Perm.EVENT_MANAGE, registration.occurrence.event)
    occurrence = locks.occurrence_lock(occurrence_id=registration.occurrence_id)
    registration.refresh_from_db()
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        return registration
    if registration.status == RegistrationStatus.CONFIRMED:
        occurrence.confirmed_count -= 1
    else:
        occurrence.waitlist_count -= 1
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = clock.now()
    registration.notified_at = registration.cancelled_at  # they know: they did it
    registration.save(update_fields=["status", "cancelled_at", "notified_at"])
    promote_waitlisted(occurrence)
    occurrence.save(update_fields=["confirmed_count", "waitlist_count"])
    return registration


def _registration_locked(**lookup) -> Registration | None:
    """The latest registration matching `lookup`, locked, with what check-in shows."""
    return (
        Registration.objects.select_related("occurrence__event__venue", "reader")
        .select_for_update(of=("self",))
        .filter(**lookup)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def registration_check_in(*, actor, code: str, occurrence_id: int | None = None) -> Registration:
    """Staff at the door scan or type what the reader shows: their ticket's code,
    or, at the occurrence they keep (`occurrence_id`), the reader's e-card or card
    number (`card_number_resolve`). There a ticket for another occurrence is refused."""
    if occurrence_id is not None:
        kept = Occurrence.objects.select_related("event").filter(pk=occurrence_id).first()
        if kept is None:
            raise NotFoundError()
        # Before any look-up: whose card is registered where is not for everyone.
        ensure_can_on_event(actor, Perm.EVENT_CHECKIN, kept.event)
    ticket = ticket_code_normalise(code)
    registration = _registration_locked(ticket_code=ticket) if ticket else None
    if registration is None and occurrence_id is not None:
        card_number = card_number_resolve(presented=code)
        registration = _registration_locked(
            reader__card_number=card_number, occurrence_id=occurrence_id
        )
        if registration is None and card_number != code.strip():  # an e-card
            raise TicketNotValidError(_("该读者没有报名本场次。"))
        if registration is None:
            raise TicketNotValidError(
                _("本场次没有票券码或读者证号为 %(code)s 的报名。") % {"code": card_number or "—"}
            )
    if registration is None:
        shown = ticket if len(ticket) <= TICKET_LENGTH else ticket[:TICKET_LENGTH] + "…"
        raise TicketNotValidError(
            _("找不到票券 %(code)s。按读者证签到时，请先选择场次。") % {"code": shown or "—"}
        )
    ensure_can_on_event(actor, Perm.EVENT_CHECKIN, registration.occurrence.event)
    if occurrence_id is not None and registration.occurrence_id != occurrence_id:
        raise TicketNotValidError(
            _("这是另一场次的票券：%(starts)s《%(title)s》。")
            % {
                "starts": timezone.localtime(registration.occurrence.starts_at).strftime(
                    "%m-%d %H:%M"
                ),
                "title": registration.occurrence.event.title,
            }
        )
    if registration.status == RegistrationStatus.ATTENDED:
        raise AlreadyCheckedInError(
            _("该票券已于 %(at)s 签到。")
            % {"at": timezone.localtime(registration.checked_in_at).strftime("%H:%M")}
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise TicketNotValidError(
            _("票券状态为“%(status)s”，不能签到。") % {"status": registration.get_status_display()}
        )
    occurrence = registration.occurrence
    now = clock.now()
    if occurrence.is_cancelled or not (
        occurrence.starts_at - CHECK_IN_OPENS_BEFORE <= now <= occurrence.ends_at
    ):
        raise TicketNotValidError(_("现在不是该场次的签到时间。"))
    registration.status = RegistrationStatus.ATTENDED
    registration.checked_in_at = now
    registration.checked_in_by = acting_user(actor)
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.audit_record(
        actor=acting_user(actor),
        action=AuditAction.CHANGE,
        subject=registration,
        fields=["status", "checked_in_at"],
    )
    return registration


@transaction.atomic
def registrations_mark_no_shows(*, ended_before: dt.datetime | None = None) -> int:
    """Confirmed registrations of occurrences that ended without a check-in become
    no-shows. Run periodically (`wenlan events-mark-no-shows`); safe to repeat."""
    cutoff = ended_before or clock.now()
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        occurrence__ends_at__lt=cutoff,
        occurrence__is_cancelled=False,
    ).update(status=RegistrationStatus.NO_SHOW)
