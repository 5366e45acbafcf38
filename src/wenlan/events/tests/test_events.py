import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.events.enums import EventSource, EventStatus, RegistrationStatus
from wenlan.events.errors import EventTransitionError
from wenlan.events.models import Event, Occurrence, Registration
from wenlan.events.selectors.events import OrganiserIds, channel_ids_by_slug, organiser_ids_get
from wenlan.events.selectors.registrations import registration_ids_to_tell_of_cancellation
from wenlan.events.services.events import (
    FeedEvent,
    event_approve,
    event_cancel,
    event_create,
    event_publish,
    event_submit,
    event_update,
    event_upsert_from_feed,
)
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.events.services.registration_notices import registration_notify_cancelled
from wenlan.events.services.registrations import registration_create
from wenlan.events.tasks import event_cancelled_notify
from wenlan.events.tests.factories import (
    BASE,
    ChannelFactory,
    EventFactory,
    OccurrenceFactory,
    PartnerEventFactory,
    RegistrationFactory,
    VenueFactory,
)
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.notices.models import Notice
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
SPEC = OccurrenceSpec(BASE, BASE + dt.timedelta(hours=2), 40)


def test_library_event_goes_through_the_workflow():
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    event = event_create(
        actor=librarian,
        title_zh="宋韵讲座",
        title_en="Song dynasty talk",
        organiser_library_id=library.pk,
        occurrences=[SPEC],
        price=Decimal("0"),
    )
    assert event.status == EventStatus.DRAFT
    assert event.uid.endswith("@wenlan")
    assert list(event.occurrences.values_list("capacity", flat=True)) == [40]
    assert event_submit(actor=librarian, event_id=event.pk).status == EventStatus.SUBMITTED
    assert event_approve(actor=librarian, event_id=event.pk).status == EventStatus.APPROVED
    with clock.freeze(BASE - dt.timedelta(days=9)):
        published = event_publish(actor=librarian, event_id=event.pk)
    assert published.status == EventStatus.PUBLISHED
    assert published.published_at == BASE - dt.timedelta(days=9)
    with pytest.raises(EventTransitionError):
        event_publish(actor=librarian, event_id=event.pk)


def test_search_text_holds_words_and_pinyin():
    library = LibraryFactory()
    admin = staff_with_role(Role.NETWORK_ADMIN)
    event = event_create(
        actor=admin, title_zh="合唱音乐会", organiser_library_id=library.pk, occurrences=[SPEC]
    )
    assert "合唱" in event.search_text.split()
    assert "hechang" in event.search_text.split()


def test_partner_organiser_manages_only_their_own_events():
    mine, theirs = PartnerFactory(), PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=mine)
    event = event_create(
        actor=organiser, title_zh="合唱公开课", organiser_partner_id=mine.pk, occurrences=[SPEC]
    )
    assert event.organiser_partner == mine
    with pytest.raises(PermissionDeniedError):
        event_create(actor=organiser, title_zh="别人的", organiser_partner_id=theirs.pk)
    other = PartnerEventFactory(organiser_partner=theirs, title_zh="原标题")
    with pytest.raises(PermissionDeniedError):
        event_update(actor=organiser, event_id=other.pk, title_zh="改掉")
    other.refresh_from_db()
    assert other.title_zh == "原标题"
    # an organiser's grant over libraries is for viewing only
    with pytest.raises(PermissionDeniedError):
        event_create(actor=organiser, title_zh="馆办", organiser_library_id=LibraryFactory().pk)
    assert Event.objects.count() == 2


def test_partner_organiser_cannot_approve():
    partner = PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=partner)
    event = PartnerEventFactory(organiser_partner=partner, status=EventStatus.SUBMITTED)
    with pytest.raises(PermissionDeniedError):
        event_approve(actor=organiser, event_id=event.pk)
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_trusted_partner_publishes_on_submit():
    partner = PartnerFactory(is_trusted=True)
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=partner)
    event = PartnerEventFactory(organiser_partner=partner, status=EventStatus.DRAFT)
    assert event_submit(actor=organiser, event_id=event.pk).status == EventStatus.PUBLISHED


def test_event_needs_exactly_one_organiser_and_sane_occurrences():
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(ValidationError):
        event_create(actor=admin, title_zh="无主办")
    with pytest.raises(ValidationError):
        event_create(
            actor=admin,
            title_zh="倒着的",
            organiser_library_id=LibraryFactory().pk,
            occurrences=[OccurrenceSpec(BASE, BASE - dt.timedelta(hours=1), 5)],
        )
    assert Event.objects.count() == 0


def test_cancel_event_cancels_registrations_and_tells_everyone(django_capture_on_commit_callbacks):
    occurrence = OccurrenceFactory(capacity=1)
    a, b = ReaderFactory(email="a@example.org"), ReaderFactory(email="b@example.org")
    with clock.freeze(BASE - dt.timedelta(days=1)):
        registration_create(actor=a.user, occurrence_id=occurrence.pk)
        registration_create(actor=b.user, occurrence_id=occurrence.pk)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(actor=admin, event_id=occurrence.event_id, reason="台风")
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (0, 0)
    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.CANCELLED
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("台风" in m.body for m in mail.outbox)


def test_cancellation_tells_each_reader_once():
    occurrence = OccurrenceFactory(capacity=1)
    a, b = ReaderFactory(), ReaderFactory()
    with clock.freeze(BASE - dt.timedelta(days=1)):
        seated = registration_create(actor=a.user, occurrence_id=occurrence.pk).registration
        waiting = registration_create(actor=b.user, occurrence_id=occurrence.pk).registration
    admin = staff_with_role(Role.NETWORK_ADMIN)
    event_cancel(actor=admin, event_id=occurrence.event_id, reason="台风")  # task not run
    assert registration_ids_to_tell_of_cancellation(event_id=occurrence.event_id) == [
        seated.pk,
        waiting.pk,
    ]

    assert event_cancelled_notify.call(occurrence.event_id) == 2
    assert event_cancelled_notify.call(occurrence.event_id) == 0
    assert registration_notify_cancelled(registration_id=seated.pk) is False
    assert registration_ids_to_tell_of_cancellation(event_id=occurrence.event_id) == []
    assert sorted(Notice.objects.values_list("reader_id", "kind", "key")) == sorted(
        [
            (a.pk, "event_cancelled", f"registration:{seated.pk}:cancelled"),
            (b.pk, "event_cancelled", f"registration:{waiting.pk}:cancelled"),
        ]
    )


def test_a_registration_still_active_is_not_told_of_a_cancellation():
    registration = RegistrationFactory(status=RegistrationStatus.CONFIRMED)
    assert registration_notify_cancelled(registration_id=registration.pk) is False
    registration.refresh_from_db()
    assert registration.notified_at is None
    assert Notice.objects.count() == 0
    assert event_cancelled_notify.call(registration.occurrence.event_id) == 0


# --- feeds -----------------------------------------------------------------------------


def _item(**overrides) -> FeedEvent:
    values = dict(external_uid="abc-1@choir", title_zh="合唱节", occurrences=(SPEC,), sequence=0)
    values.update(overrides)
    return FeedEvent(**values)


def test_feed_creates_then_updates_then_cancels_by_uid():
    partner = PartnerFactory()
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=partner)
    created = event_upsert_from_feed(
        actor=organiser, item=_item(), source=EventSource.ICAL, organiser_partner_id=partner.pk
    )
    assert created.action == "created"
    assert created.event.status == EventStatus.SUBMITTED
    same = event_upsert_from_feed(
        actor=organiser, item=_item(), source=EventSource.ICAL, organiser_partner_id=partner.pk
    )
    assert same.action == "unchanged"
    moved = OccurrenceSpec(BASE + dt.timedelta(days=1), BASE + dt.timedelta(days=1, hours=2), 40)
    updated = event_upsert_from_feed(
        actor=organiser,
        item=_item(title_zh="合唱节（改期）", occurrences=(moved,), sequence=1),
        source=EventSource.ICAL,
        organiser_partner_id=partner.pk,
    )
    assert updated.action == "updated"
    assert updated.event.pk == created.event.pk
    assert updated.event.title_zh == "合唱节（改期）"
    starts = Occurrence.objects.filter(event=updated.event).values_list("starts_at", flat=True)
    assert list(starts) == [moved.starts_at]
    stale = event_upsert_from_feed(
        actor=organiser,
        item=_item(title_zh="旧版本", sequence=0),
        source=EventSource.ICAL,
        organiser_partner_id=partner.pk,
    )
    assert stale.action == "unchanged"
    cancelled = event_upsert_from_feed(
        actor=organiser,
        item=_item(cancelled=True, sequence=2),
        source=EventSource.ICAL,
        organiser_partner_id=partner.pk,
    )
    assert cancelled.action == "cancelled"
    assert Event.objects.get().status == EventStatus.CANCELLED
    assert Event.objects.get().title_zh == "合唱节（改期）"


def test_feed_from_trusted_partner_is_published_at_once():
    partner = PartnerFactory(is_trusted=True)
    organiser = staff_with_role(Role.EVENT_ORGANISER, partner=partner)
    outcome = event_upsert_from_feed(
        actor=organiser, item=_item(), source=EventSource.API, organiser_partner_id=partner.pk
    )
    assert outcome.event.status == EventStatus.PUBLISHED


def test_feed_keeps_an_occurrence_with_registrations():
    partner = PartnerFactory()
    admin = staff_with_role(Role.NETWORK_ADMIN)
    event = PartnerEventFactory(organiser_partner=partner, external_uid="x@y", venue=VenueFactory())
    kept = OccurrenceFactory(event=event, starts_at=BASE)
    OccurrenceFactory(event=event, starts_at=BASE + dt.timedelta(days=1))
    later = OccurrenceFactory(event=event, starts_at=BASE + dt.timedelta(days=2))
    with clock.freeze(BASE - dt.timedelta(days=1)):
        registration_create(actor=ReaderFactory().user, occurrence_id=later.pk)
    outcome = event_upsert_from_feed(
        actor=admin,
        item=_item(external_uid="x@y", sequence=1),
        source=EventSource.ICAL,
        organiser_partner_id=partner.pk,
    )
    assert outcome.action == "updated"
    assert sorted(Occurrence.objects.filter(event=event).values_list("pk", flat=True)) == [
        kept.pk,
        later.pk,
    ]


def test_event_draft_is_not_public():
    from wenlan.core.errors import NotFoundError
    from wenlan.events.selectors.events import event_get_public

    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(NotFoundError):
        event_get_public(event_id=event.pk, actor=ReaderFactory().user)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    assert event_get_public(event_id=event.pk, actor=admin).pk == event.pk


def test_organiser_ids_name_a_partner_or_a_library():
    partner, library = PartnerFactory(code="teahouse"), LibraryFactory(code="XH")
    assert organiser_ids_get(code="teahouse") == OrganiserIds(
        library_id=None, partner_id=partner.pk
    )
    assert organiser_ids_get(code="XH") == OrganiserIds(library_id=library.pk, partner_id=None)
    with pytest.raises(NotFoundError):
        organiser_ids_get(code="nobody")


def test_channel_ids_by_slug_refuses_an_unknown_or_closed_channel():
    kids, poetry = ChannelFactory(slug="kids"), ChannelFactory(slug="poetry")
    ChannelFactory(slug="old", is_active=False)
    assert channel_ids_by_slug(slugs=["poetry", "kids"]) == sorted([kids.pk, poetry.pk])
    assert channel_ids_by_slug(slugs=[]) == []
    with pytest.raises(NotFoundError):
        channel_ids_by_slug(slugs=["kids", "old"])
    with pytest.raises(NotFoundError):
        channel_ids_by_slug(slugs=["kids", "nothing"])
