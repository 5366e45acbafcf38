"""An event's life: made by staff or sent by its organiser's feed, changed,
submitted, approved, published and cancelled; and the venues and channels it
names. Its occurrences are `services/occurrences.py`."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, ensure_can_on_organiser
from wenlan.core import clock
from wenlan.core.cache import process_cache_clear
from wenlan.core.errors import ValidationError
from wenlan.core.models import model_full_clean
from wenlan.core.tasks import enqueue_on_commit
from wenlan.events.enums import EventSource, EventStatus
from wenlan.events.errors import EventTransitionError
from wenlan.events.models import Channel, Event, Venue
from wenlan.events.permissions import ensure_can_on_event
from wenlan.events.policies import event_search_text
from wenlan.events.selectors.events import event_get_for_change
from wenlan.events.services.occurrences import (
    OccurrenceSpec,
    occurrences_cancel,
    occurrences_create,
    occurrences_restore,
    occurrences_sync,
)
from wenlan.events.tasks import event_cancelled_notify

EVENT_FIELDS = frozenset(
    {
        "title_zh",
        "title_en",
        "description_zh",
        "description_en",
        "category",
        "age_min",
        "age_max",
        "image_url",
        "registration_required",
        "registration_opens_at",
        "registration_closes_at",
        "max_occurrences_per_reader",
        "needs_id",
        "price",
        "venue_id",
    }
)

# Foreign keys full_clean would look up one query each; the services check those that
# matter themselves (who may organise, whether the venue exists).
EVENT_RELATIONS = ("organiser_library", "organiser_partner", "venue", "created_by")


@dataclass(frozen=True)
class VenueSpec:
    name_zh: str
    name_en: str = ""
    library_id: int | None = None
    address_zh: str = ""
    address_en: str = ""
    latitude: float | None = None
    longitude: float | None = None


def _coordinate(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


@transaction.atomic
def venue_upsert(
    *,
    name_zh: str,
    library_id: int | None = None,
    name_en: str = "",
    address_zh: str = "",
    address_en: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
) -> Venue:
    """A venue is found by its Chinese name and library; new details replace old ones."""
    venue = Venue.objects.filter(name_zh=name_zh, library_id=library_id).first() or Venue(
        name_zh=name_zh, library_id=library_id
    )
    values = {
        "name_en": name_en,
        "address_zh": address_zh,
        "address_en": address_en,
        "latitude": _coordinate(latitude),
        "longitude": _coordinate(longitude),
    }
    changed = venue.pk is None
    for name, value in values.items():
        if value in ("", None) and not changed:
            continue  # a feed that leaves out a detail does not erase it
        if getattr(venue, name) != value:
            setattr(venue, name, value)
            changed = True
    if changed:
        model_full_clean(venue, exclude=["library"])
        venue.save()
        process_cache_clear()  # event pages keep their venue a while; not this one
    return venue


@transaction.atomic
def channel_upsert(
    *,
    actor,
    slug: str,
    title_zh: str,
    title_en: str = "",
    description_zh: str = "",
    description_en: str = "",
    partner_id: int | None = None,
    position: int = 0,
) -> Channel:
    ensure_can(actor, Perm.EVENT_APPROVE)
    channel = Channel.objects.filter(slug=slug).first() or Channel(slug=slug)
    for name, value in {
        "title_zh": title_zh,
        "title_en": title_en,
        "description_zh": description_zh,
        "description_en": description_en,
        "partner_id": partner_id,
        "position": position,
    }.items():
        setattr(channel, name, value)
    model_full_clean(channel, exclude=["partner"])
    channel.save()
    process_cache_clear()
    return channel


def _index_text(event: Event) -> None:
    event.search_text = event_search_text(
        title_zh=event.title_zh,
        title_en=event.title_en,
        description_zh=event.description_zh,
        description_en=event.description_en,
    )


def _organiser_ids(*, organiser_library_id, organiser_partner_id) -> None:
    if (organiser_library_id is None) == (organiser_partner_id is None):
        raise ValidationError(
            _("活动须有且只有一个主办方（图书馆或合作机构）。"), field="organiser"
        )


def _set_channels(event: Event, channel_ids: Iterable[int] | None) -> None:
    if channel_ids is None:
        return
    ids = set(channel_ids)
    found = set(Channel.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if found != ids:
        raise ValidationError(_("频道不存在。"), field="channels")
    event.channels.set(sorted(ids))
    process_cache_clear()


@transaction.atomic
def event_create(
    *,
    actor,
    title_zh: str,
    organiser_library_id: int | None = None,
    organiser_partner_id: int | None = None,
    occurrences: Iterable[OccurrenceSpec] = (),
    channel_ids: Iterable[int] | None = None,
    source: str = EventSource.STAFF,
    external_uid: str = "",
    venue: VenueSpec | None = None,
    **values,
) -> Event:
    _organiser_ids(
        organiser_library_id=organiser_library_id, organiser_partner_id=organiser_partner_id
    )
    ensure_can_on_organiser(
        actor, Perm.EVENT_MANAGE, library_id=organiser_library_id, partner_id=organiser_partner_id
    )
    unknown = set(values) - EVENT_FIELDS
    if unknown:
        raise ValidationError(_("未知字段。"), field=sorted(unknown)[0])
    if venue is not None:
        values["venue_id"] = venue_upsert(**venue.__dict__).pk
    event = Event(
        title_zh=title_zh,
        organiser_library_id=organiser_library_id,
        organiser_partner_id=organiser_partner_id,
        source=source,
        external_uid=external_uid,
        created_by=acting_user(actor),
        **values,
    )
    model_full_clean(event, exclude=EVENT_RELATIONS)
    if event.venue_id and not Venue.objects.filter(pk=event.venue_id).exists():
        raise ValidationError(_("场地不存在。"), field="venue_id")
    _index_text(event)
    event.save()
    _set_channels(event, channel_ids)
    occurrences_create(event=event, specs=occurrences)
    return event


@transaction.atomic
def event_update(
    *, actor, event_id: int, channel_ids: Iterable[int] | None = None, **changes
) -> Event:
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, event)
    if event.status == EventStatus.CANCELLED:
        raise EventTransitionError()
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise ValidationError(_("未知字段。"), field=sorted(unknown)[0])
    for name, value in changes.items():
        setattr(event, name, value)
    model_full_clean(event, exclude=EVENT_RELATIONS)
    _index_text(event)
    event.save()
    _set_channels(event, channel_ids)
    return event


def _transition(event: Event, *, allowed_from: Iterable[str], to: str) -> None:
    if event.status not in allowed_from:
        raise EventTransitionError()
    event.status = to
    if to == EventStatus.PUBLISHED:
        event.published_at = clock.now()


def _organiser_is_trusted(event: Event) -> bool:
    return bool(event.organiser_partner_id and event.organiser_partner.is_trusted)


@transaction.atomic
def event_submit(*, actor, event_id: int) -> Event:
    """Draft → submitted; a trusted partner's event goes straight on to published."""
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, event)
    _transition(event, allowed_from=[EventStatus.DRAFT], to=EventStatus.SUBMITTED)
    if _organiser_is_trusted(event):
        _transition(event, allowed_from=[EventStatus.SUBMITTED], to=EventStatus.PUBLISHED)
    event.save(update_fields=["status", "published_at", "updated_at"])
    return event


@transaction.atomic
def event_approve(*, actor, event_id: int) -> Event:
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_APPROVE, event)
    _transition(event, allowed_from=[EventStatus.SUBMITTED], to=EventStatus.APPROVED)
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_publish(*, actor, event_id: int) -> Event:
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, event)
    _transition(event, allowed_from=[EventStatus.APPROVED], to=EventStatus.PUBLISHED)
    event.save(update_fields=["status", "published_at", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, actor, event_id: int, reason: str = "") -> Event:
    """Cancels every occurrence and registration; everyone registered is told."""
    event = event_get_for_change(event_id=event_id)
    ensure_can_on_event(actor, Perm.EVENT_MANAGE, event)
    _cancel(event, reason=reason)
    enqueue_on_commit(event_cancelled_notify, event.pk)
    return event


def _cancel(event: Event, *, reason: str) -> None:
    if event.status == EventStatus.CANCELLED:
        raise EventTransitionError()
    occurrences_cancel(event_id=event.pk)
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason[:300]
    event.save(update_fields=["status", "cancel_reason", "updated_at"])


# --- events sent by partners (API, iCalendar) ------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    """One event as a partner's feed or API call describes it."""

    external_uid: str
    title_zh: str
    occurrences: tuple[OccurrenceSpec, ...]
    sequence: int = 0
    cancelled: bool = False
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    category: str = "other"
    venue: VenueSpec | None = None
    image_url: str = ""
    price: Decimal = Decimal(0)
    registration_required: bool = False
    channel_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class FeedOutcome:
    event: Event | None
    action: str  # created | updated | cancelled | unchanged


@transaction.atomic
def event_upsert_from_feed(
    *,
    actor,
    item: FeedEvent,
    source: str,
    organiser_library_id: int | None = None,
    organiser_partner_id: int | None = None,
) -> FeedOutcome:
    """Matched by the organiser's UID. New events are submitted for approval, or
    published at once for a trusted partner; later versions update them; a
    cancellation is carried over. An older version (lower SEQUENCE) changes nothing."""
    _organiser_ids(
        organiser_library_id=organiser_library_id, organiser_partner_id=organiser_partner_id
    )
    ensure_can_on_organiser(
        actor, Perm.EVENT_MANAGE, library_id=organiser_library_id, partner_id=organiser_partner_id
    )
    if not item.external_uid:
        raise ValidationError(_("缺少 UID。"), field="uid")
    existing = (
        Event.objects.select_related("venue", "organiser_partner")
        .filter(
            external_uid=item.external_uid,
            organiser_library_id=organiser_library_id,
            organiser_partner_id=organiser_partner_id,
        )
        .first()
    )
    if existing is not None and item.sequence < existing.source_sequence:
        return FeedOutcome(existing, "unchanged")
    if item.cancelled:
        return _feed_cancel(existing, sequence=item.sequence)
    if not item.occurrences:
        raise ValidationError(_("活动没有时间。"), field="dtstart")
    values = _feed_values(item)
    if existing is None:
        event = event_create(
            actor=actor,
            organiser_library_id=organiser_library_id,
            organiser_partner_id=organiser_partner_id,
            occurrences=item.occurrences,
            channel_ids=item.channel_ids,
            source=source,
            external_uid=item.external_uid,
            **values,
        )
        event.source_sequence = item.sequence
        event.status = EventStatus.SUBMITTED
        if _organiser_is_trusted(event):
            _transition(event, allowed_from=[EventStatus.SUBMITTED], to=EventStatus.PUBLISHED)
        event.save(update_fields=["source_sequence", "status", "published_at"])
        return FeedOutcome(event, "created")
    return _feed_update(existing, item=item, values=values)


def _feed_values(item: FeedEvent) -> dict:
    """The event's fields as the feed gives them (its venue found or made)."""
    return {
        "title_zh": item.title_zh,
        "title_en": item.title_en,
        "description_zh": item.description_zh,
        "description_en": item.description_en,
        "category": item.category,
        "venue_id": venue_upsert(**item.venue.__dict__).pk if item.venue else None,
        "image_url": item.image_url,
        "price": item.price,
        "registration_required": item.registration_required,
    }


def _feed_cancel(existing: Event | None, *, sequence: int) -> FeedOutcome:
    if existing is None or existing.status == EventStatus.CANCELLED:
        return FeedOutcome(existing, "unchanged")
    _cancel(existing, reason="")
    existing.source_sequence = sequence
    existing.save(update_fields=["source_sequence"])
    enqueue_on_commit(event_cancelled_notify, existing.pk)
    return FeedOutcome(existing, "cancelled")


def _feed_update(event: Event, *, item: FeedEvent, values: dict) -> FeedOutcome:
    occurrences_changed = occurrences_sync(event=event, specs=item.occurrences)
    changed = occurrences_changed or any(getattr(event, k) != v for k, v in values.items())
    if event.status == EventStatus.CANCELLED:
        # Taken back after a cancellation: the organiser must submit it again.
        event.status = EventStatus.SUBMITTED
        occurrences_restore(event_id=event.pk)
        changed = True
    if not changed and item.sequence == event.source_sequence:
        return FeedOutcome(event, "unchanged")
    for name, value in values.items():
        setattr(event, name, value)
    event.source_sequence = item.sequence
    model_full_clean(event, exclude=EVENT_RELATIONS)
    _index_text(event)
    event.save()
    _set_channels(event, item.channel_ids)
    return FeedOutcome(event, "updated")
