import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, PermissionDeniedError
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
from wenlan.events.selectors.registrations import registration_list_own
from wenlan.events.services.registration_notices import registration_notify_promoted
from wenlan.events.services.registrations import (
    registration_cancel,
    registration_check_in,
    registration_create,
    registrations_mark_no_shows,
)
from wenlan.events.tasks import registration_promoted_notify
from wenlan.events.tests.factories import (
    BASE,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
)
from wenlan.network.tests.factories import PartnerFactory
from wenlan.notices.models import Notice
from wenlan.patrons.errors import CardNotActiveError, EcardExpiredError
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db
BEFORE = BASE - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BEFORE):
        yield


def _counts(occurrence: Occurrence) -> tuple[int, int]:
    occurrence.refresh_from_db()
    return occurrence.confirmed_count, occurrence.waitlist_count


def test_signup_confirms_while_seats_last_then_waitlists_in_order():
    occurrence = OccurrenceFactory(capacity=2)
    readers = ReaderFactory.create_batch(4)
    results = [registration_create(actor=r.user, occurrence_id=occurrence.pk) for r in readers]
    assert [r.registration.status for r in results] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert all(r.created for r in results)
    assert _counts(occurrence) == (2, 2)
    assert len({r.registration.ticket_code for r in results}) == 4


def test_a_reader_sees_their_place_in_each_waitlist(django_assert_max_num_queries):
    full, other = OccurrenceFactory(capacity=1), OccurrenceFactory(capacity=1)
    seated, ahead, me, behind = ReaderFactory.create_batch(4)
    for reader in (seated, ahead, me, behind):  # `full`: one seat, then three wait
        registration_create(actor=reader.user, occurrence_id=full.pk)
    for reader in (seated, me):  # `other`: one seat, then I wait first
        registration_create(actor=reader.user, occurrence_id=other.pk)
    with django_assert_max_num_queries(4):
        mine = {r.occurrence_id: r for r in registration_list_own(actor=me.user)}
    assert mine[full.pk].waitlist_position == 2
    assert mine[other.pk].waitlist_position == 1
    assert [r.waitlist_position for r in registration_list_own(actor=behind.user)] == [3]
    assert [r.waitlist_position for r in registration_list_own(actor=seated.user)] == [None, None]


def test_double_click_gives_one_registration():
    occurrence = OccurrenceFactory(capacity=5)
    reader = ReaderFactory()
    first = registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    second = registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    assert second.created is False
    assert second.registration.pk == first.registration.pk
    assert Registration.objects.filter(occurrence=occurrence).count() == 1
    assert _counts(occurrence) == (1, 0)


def test_database_refuses_a_second_active_registration():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError):
        RegistrationFactory(
            reader=registration.reader,
            occurrence=registration.occurrence,
            status=RegistrationStatus.WAITLISTED,
        )


def test_cancelled_registration_lets_the_reader_sign_up_again():
    occurrence = OccurrenceFactory(capacity=5)
    reader = ReaderFactory()
    first = registration_create(actor=reader.user, occurrence_id=occurrence.pk).registration
    registration_cancel(actor=reader.user, registration_id=first.pk)
    again = registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    assert again.created is True
    assert again.registration.pk != first.pk
    assert _counts(occurrence) == (1, 0)


def test_cancellation_promotes_the_first_waiting_reader_and_tells_them(
    django_capture_on_commit_callbacks,
):
    occurrence = OccurrenceFactory(capacity=1)
    first, second, third = ReaderFactory.create_batch(3, email="r@example.org")
    seated = registration_create(actor=first.user, occurrence_id=occurrence.pk).registration
    waiting = registration_create(actor=second.user, occurrence_id=occurrence.pk).registration
    last = registration_create(actor=third.user, occurrence_id=occurrence.pk).registration
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=first.user, registration_id=seated.pk)

    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert waiting.promoted_at == BEFORE
    assert last.status == RegistrationStatus.WAITLISTED
    assert _counts(occurrence) == (1, 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["r@example.org"]
    assert waiting.ticket_code in mail.outbox[0].body


def test_a_promoted_reader_is_told_once(django_capture_on_commit_callbacks):
    occurrence = OccurrenceFactory(capacity=1)
    first, second = ReaderFactory.create_batch(2, email="r@example.org")
    seated = registration_create(actor=first.user, occurrence_id=occurrence.pk).registration
    waiting = registration_create(actor=second.user, occurrence_id=occurrence.pk).registration
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=first.user, registration_id=seated.pk)
    waiting.refresh_from_db()
    assert waiting.notified_at is not None

    assert registration_notify_promoted(registration_id=waiting.pk) is False
    assert registration_promoted_notify.call(waiting.pk) is False
    assert list(Notice.objects.values_list("reader_id", "kind", "key")) == [
        (second.pk, "waitlist_promoted", f"registration:{waiting.pk}:promoted")
    ]


def test_a_reader_who_was_not_promoted_is_not_told():
    registration = RegistrationFactory(status=RegistrationStatus.CONFIRMED)
    assert registration_notify_promoted(registration_id=registration.pk) is False
    registration.refresh_from_db()
    assert registration.notified_at is None
    assert Notice.objects.count() == 0


def test_cancelling_a_waitlisted_place_promotes_nobody():
    occurrence = OccurrenceFactory(capacity=1)
    a, b = ReaderFactory.create_batch(2)
    registration_create(actor=a.user, occurrence_id=occurrence.pk)
    waiting = registration_create(actor=b.user, occurrence_id=occurrence.pk).registration
    registration_cancel(actor=b.user, registration_id=waiting.pk)
    assert _counts(occurrence) == (1, 0)


def test_someone_else_cannot_cancel_a_registration():
    registration = RegistrationFactory()
    other = ReaderFactory()
    with pytest.raises(PermissionDeniedError):
        registration_cancel(actor=other.user, registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_unpublished_event_refuses_and_changes_nothing():
    occurrence = OccurrenceFactory(event=EventFactory(status=EventStatus.SUBMITTED))
    reader = ReaderFactory()
    with pytest.raises(EventNotOpenError):
        registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    assert Registration.objects.count() == 0
    assert _counts(occurrence) == (0, 0)


def test_registration_window_is_enforced():
    event = EventFactory(registration_opens_at=BEFORE + dt.timedelta(hours=1))
    occurrence = OccurrenceFactory(event=event)
    with pytest.raises(RegistrationWindowError):
        registration_create(actor=ReaderFactory().user, occurrence_id=occurrence.pk)
    assert Registration.objects.count() == 0


def test_per_reader_limit_across_occurrences():
    event = EventFactory(max_occurrences_per_reader=1)
    one, two = OccurrenceFactory(event=event), OccurrenceFactory(event=event)
    reader = ReaderFactory()
    registration_create(actor=reader.user, occurrence_id=one.pk)
    with pytest.raises(RegistrationLimitError):
        registration_create(actor=reader.user, occurrence_id=two.pk)
    assert _counts(two) == (0, 0)


def test_staff_without_a_reader_card_cannot_sign_up():
    occurrence = OccurrenceFactory()
    staff = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(NoReaderCardError):
        registration_create(actor=staff, occurrence_id=occurrence.pk)


def test_unknown_occurrence():
    with pytest.raises(NotFoundError):
        registration_create(actor=ReaderFactory().user, occurrence_id=999999)


def _no_show(reader, days_ago: int):
    starts = BEFORE - dt.timedelta(days=days_ago)
    RegistrationFactory(
        reader=reader,
        occurrence=OccurrenceFactory(starts_at=starts),
        status=RegistrationStatus.NO_SHOW,
    )


def test_three_no_shows_in_90_days_block_registration_and_say_until_when():
    reader = ReaderFactory()
    for days_ago in (60, 30, 5):
        _no_show(reader, days_ago)
    occurrence = OccurrenceFactory()
    with pytest.raises(ReaderBlockedError) as refused:
        registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    # blocked 30 days from the third no-show (5 days ago at 14:00 Shanghai time)
    assert "2026-12-28 14:00" in str(refused.value)
    assert "90" in str(refused.value)
    assert _counts(occurrence) == (0, 0)


def test_block_period_is_configurable(settings):
    settings.WENLAN_EVENT_NO_SHOW_BLOCK_DAYS = 3
    reader = ReaderFactory()
    for days_ago in (60, 30, 5):
        _no_show(reader, days_ago)
    result = registration_create(actor=reader.user, occurrence_id=OccurrenceFactory().pk)
    assert result.registration.status == RegistrationStatus.CONFIRMED


def test_mark_no_shows_after_the_occurrence():
    confirmed = RegistrationFactory()
    attended = RegistrationFactory(status=RegistrationStatus.ATTENDED)
    assert registrations_mark_no_shows(ended_before=BASE + dt.timedelta(hours=3)) == 1
    confirmed.refresh_from_db()
    attended.refresh_from_db()
    assert confirmed.status == RegistrationStatus.NO_SHOW
    assert attended.status == RegistrationStatus.ATTENDED


# --- check-in ---------------------------------------------------------------------


def test_check_in_by_typed_code_once():
    registration = RegistrationFactory(ticket_code="ABCD234567")
    staff = staff_with_role(
        Role.BRANCH_LIBRARIAN, library=registration.occurrence.event.venue.library
    )
    with clock.freeze(BASE - dt.timedelta(minutes=10)):
        checked = registration_check_in(actor=staff, code="abcd-234 567")
        assert checked.status == RegistrationStatus.ATTENDED
        assert checked.checked_in_at == BASE - dt.timedelta(minutes=10)
        with pytest.raises(AlreadyCheckedInError):
            registration_check_in(actor=staff, code="ABCD234567")


def test_check_in_refuses_waitlisted_and_unknown_tickets():
    registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED)
    staff = staff_with_role(Role.NETWORK_ADMIN)
    with clock.freeze(BASE), pytest.raises(TicketNotValidError):
        registration_check_in(actor=staff, code=registration.ticket_code)
    with clock.freeze(BASE), pytest.raises(TicketNotValidError):
        registration_check_in(actor=staff, code="NOSUCHCODE")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED


def test_check_in_only_on_the_day():
    registration = RegistrationFactory()
    staff = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(TicketNotValidError):
        registration_check_in(actor=staff, code=registration.ticket_code)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_partner_organiser_checks_in_only_their_events():
    registration = RegistrationFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=PartnerFactory())
    with clock.freeze(BASE), pytest.raises(PermissionDeniedError):
        registration_check_in(actor=organiser, code=registration.ticket_code)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


AT_THE_DOOR = BASE - dt.timedelta(minutes=10)


def _door_staff(registration):
    return staff_with_role(
        Role.BRANCH_LIBRARIAN, library=registration.occurrence.event.venue.library
    )


def test_check_in_by_ecard_or_card_number_at_the_occurrence_kept():
    registration = RegistrationFactory()
    neighbour = RegistrationFactory(occurrence=registration.occurrence)
    staff = _door_staff(registration)
    door = registration.occurrence_id
    with clock.freeze(AT_THE_DOOR):
        token = ecard_token(registration.reader)
        checked = registration_check_in(actor=staff, code=token, occurrence_id=door)
        assert (checked.pk, checked.status) == (registration.pk, RegistrationStatus.ATTENDED)
        assert (checked.checked_in_at, checked.checked_in_by) == (AT_THE_DOOR, staff)
        with pytest.raises(AlreadyCheckedInError):
            registration_check_in(actor=staff, code=token, occurrence_id=door)
        by_card = registration_check_in(
            actor=staff, code=f" {neighbour.reader.card_number} ", occurrence_id=door
        )
        assert by_card.pk == neighbour.pk
        # A ticket works at the door kept as anywhere.
        third = RegistrationFactory(occurrence=registration.occurrence)
        assert registration_check_in(actor=staff, code=third.ticket_code, occurrence_id=door)


def test_a_card_needs_the_occurrence_and_a_registration_there():
    registration = RegistrationFactory()
    later = OccurrenceFactory(
        event=registration.occurrence.event, starts_at=BASE + dt.timedelta(hours=3)
    )
    staff = _door_staff(registration)
    with clock.freeze(AT_THE_DOOR):
        token = ecard_token(registration.reader)
        with pytest.raises(TicketNotValidError, match="按读者证签到时，请先选择场次。"):
            registration_check_in(actor=staff, code=token)
        with pytest.raises(TicketNotValidError, match="该读者没有报名本场次。"):
            registration_check_in(actor=staff, code=token, occurrence_id=later.pk)
        with pytest.raises(
            TicketNotValidError, match="本场次没有票券码或读者证号为 NOSUCH 的报名。"
        ):
            registration_check_in(actor=staff, code=" NOSUCH", occurrence_id=later.pk)
        with pytest.raises(TicketNotValidError, match="这是另一场次的票券：12-05 14:00"):
            registration_check_in(
                actor=staff, code=registration.ticket_code, occurrence_id=later.pk
            )
        with pytest.raises(NotFoundError):
            registration_check_in(actor=staff, code=token, occurrence_id=999999)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_refused_ecard_at_the_door_checks_no_one_in():
    expired = RegistrationFactory()
    suspended = RegistrationFactory(occurrence=expired.occurrence)
    waiting = RegistrationFactory(
        occurrence=expired.occurrence, status=RegistrationStatus.WAITLISTED
    )
    staff = _door_staff(expired)
    door = expired.occurrence_id
    with clock.freeze(AT_THE_DOOR):
        too_old = ecard_token(expired.reader, seconds_ago=61)
        shown = ecard_token(suspended.reader)
        Reader.objects.filter(pk=suspended.reader_id).update(status="suspended")
        with pytest.raises(EcardExpiredError):
            registration_check_in(actor=staff, code=too_old, occurrence_id=door)
        with pytest.raises(CardNotActiveError):
            registration_check_in(actor=staff, code=shown, occurrence_id=door)
        with pytest.raises(TicketNotValidError, match="票券状态为“候补中”，不能签到。"):
            registration_check_in(actor=staff, code=ecard_token(waiting.reader), occurrence_id=door)
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED}


def test_a_partner_organiser_looks_no_card_up_at_another_organisers_door():
    registration = RegistrationFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=PartnerFactory())
    with clock.freeze(AT_THE_DOOR), pytest.raises(PermissionDeniedError):
        registration_check_in(
            actor=organiser,
            code=registration.reader.card_number,
            occurrence_id=registration.occurrence_id,
        )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_an_occurrence_cancelled_after_it_was_read_takes_no_sign_up(monkeypatch):
    """The seat is taken under the occurrence's lock with the occurrence as it is then:
    one cancelled between the checks and the seat refuses, and nothing is written."""
    from wenlan.events import locks

    occurrence = OccurrenceFactory(capacity=5)
    reader = ReaderFactory()
    read = locks.occurrence_for_signup

    def read_then_cancel(*, occurrence_id):
        found = read(occurrence_id=occurrence_id)
        # PostgreSQL: the seat is taken by a later statement, under the lock.
        Occurrence.objects.filter(pk=occurrence_id).update(is_cancelled=True)
        return found

    monkeypatch.setattr(locks, "occurrence_for_signup", read_then_cancel)
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: nothing can come between the read and the seat")
    with pytest.raises(EventNotOpenError):
        registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    assert Registration.objects.count() == 0
    assert _counts(occurrence) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_inside_another_transaction_is_refused_and_writes_nothing():
    """A sign-up commits when it returns (a durable transaction): no caller holds
    the occurrence's lock longer or undoes a seat the reader was told they have."""
    occurrence = OccurrenceFactory(capacity=5)
    reader = ReaderFactory()
    with (
        clock.freeze(BASE - dt.timedelta(days=1)),
        pytest.raises(RuntimeError, match="durable"),
        transaction.atomic(),
    ):
        registration_create(actor=reader.user, occurrence_id=occurrence.pk)
    assert Registration.objects.count() == 0
    assert _counts(occurrence) == (0, 0)
