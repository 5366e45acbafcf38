"""The demo's culture calendar: the programmes of `event_programmes.py` as events
over the coming month, four channels, and a few readers signed up (one occurrence
full, with a waitlist). A guided tour has an occurrence today, later than the load
time where the central library's hours allow, with tickets, so that check-in at the
door can be tried at once. An occurrence in a library's room lies within that
library's opening hours (`library_hours.py`).
Idempotent: events are keyed by a demo UID and left alone once loaded, so a second
run changes nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.demo.event_programmes import (
    OUTSIDE_VENUES,
    PROGRAMMES,
    ROOM_NAMES_EN,
    SIGNUPS,
    Programme,
)
from wenlan.demo.library_hours import fit_in_hours, library_periods
from wenlan.events.enums import EventStatus
from wenlan.events.models import Occurrence
from wenlan.events.selectors.events import event_exists_external
from wenlan.events.services import events as event_services
from wenlan.events.services.events import VenueSpec
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.events.services.registrations import registration_create
from wenlan.network.models import Library, Partner
from wenlan.network.policies import Period
from wenlan.patrons.models import Reader

CHANNELS = [
    # slug, zh, en, partner, description zh, description en
    (
        "hechang",
        "浙江省合唱网",
        "Zhejiang Choir Network",
        "zj-choir",
        "全省合唱团的排练、音乐会与合唱公开课，由浙江省合唱协会与杭州图书馆音乐分馆共同主办。",
        "Rehearsals, concerts and open classes of choirs across Zhejiang, with the Zhejiang "
        "Choral Association and the library's music branch.",
    ),
    (
        "yuanshi",
        "院士讲座",
        "Academician Lectures",
        "zju",
        "两院院士走进图书馆，讲述科学前沿与科学人生。",
        "Members of the Chinese Academies of Sciences and Engineering speak at the library.",
    ),
    (
        "chuangke",
        "创客空间",
        "Maker Space",
        None,
        "3D 打印、激光切割、电子制作与编程工作坊，面向青少年和成人。",
        "Workshops in 3D printing, laser cutting, electronics and coding for young people "
        "and adults.",
    ),
    (
        "shaoer",
        "少儿阅读",
        "Children's Reading",
        None,
        "绘本故事会、亲子阅读与少儿阅读推广活动。",
        "Picture-book story times, family reading and children's reading programmes.",
    ),
]


def _organiser(code: str) -> tuple[int | None, int | None]:
    partner = Partner.objects.filter(code=code).values_list("pk", flat=True).first()
    if partner is not None:
        return None, partner
    return Library.objects.values_list("pk", flat=True).get(code=code), None


def _venue(programme: Programme) -> VenueSpec:
    if programme.venue in OUTSIDE_VENUES:
        return OUTSIDE_VENUES[programme.venue]
    library = Library.objects.get(code=programme.venue)
    return VenueSpec(
        name_zh=programme.room,
        name_en=ROOM_NAMES_EN.get(programme.room, ""),
        library_id=library.pk,
        latitude=float(library.latitude) if library.latitude is not None else None,
        longitude=float(library.longitude) if library.longitude is not None else None,
    )


def _outside_venue_periods(date: dt.date) -> list[Period]:
    return [Period(dt.time(0), dt.time(23, 59))]  # a theatre or museum keeps its own hours


def _occurrences(programme: Programme, start: dt.date) -> list[OccurrenceSpec]:
    periods_on_day = (
        _outside_venue_periods
        if programme.venue in OUTSIDE_VENUES
        else library_periods(programme.venue)
    )
    now = clock.localnow().replace(tzinfo=None)
    specs, taken = [], set()
    for day in programme.days:
        at, date = dt.time(programme.hour), start + dt.timedelta(days=day)
        begins = None
        if day == 0:  # today: after now where the hours allow, else earlier today
            begins = fit_in_hours(
                periods_on_day, date, at, programme.minutes, not_before=now, days_ahead=1
            ) or fit_in_hours(periods_on_day, date, at, programme.minutes, days_ahead=1)
        begins = begins or fit_in_hours(periods_on_day, date, at, programme.minutes)
        if begins is None or begins in taken:
            continue
        taken.add(begins)
        begins = timezone.make_aware(begins)
        specs.append(
            OccurrenceSpec(
                begins, begins + dt.timedelta(minutes=programme.minutes), programme.capacity
            )
        )
    return specs


def _load_programme(programme: Programme, start: dt.date, channel_ids: dict[str, int]) -> bool:
    uid = f"demo:{programme.key}"
    if event_exists_external(external_uid=uid):
        return False
    library_id, partner_id = _organiser(programme.organiser)
    event = event_services.event_create(
        actor=SYSTEM,
        title_zh=programme.title_zh,
        title_en=programme.title_en,
        description_zh=programme.description_zh,
        description_en=programme.description_en,
        organiser_library_id=library_id,
        organiser_partner_id=partner_id,
        venue=_venue(programme),
        category=programme.category,
        age_min=programme.age[0],
        age_max=programme.age[1],
        price=Decimal(programme.price),
        needs_id=programme.needs_id,
        registration_required=programme.capacity > 0,
        max_occurrences_per_reader=2,
        occurrences=_occurrences(programme, start),
        channel_ids=[channel_ids[slug] for slug in programme.channels],
        external_uid=uid,
    )
    demo_event_publish(event_id=event.pk)
    return True


def demo_event_publish(*, event_id: int) -> None:
    """Submitted, approved (where it needs approving) and published."""
    event = event_services.event_submit(actor=SYSTEM, event_id=event_id)
    if event.status == EventStatus.SUBMITTED:
        event_services.event_approve(actor=SYSTEM, event_id=event_id)
        event_services.event_publish(actor=SYSTEM, event_id=event_id)


def _load_signups() -> int:
    count = 0
    now = clock.now()
    for card, keys in SIGNUPS.items():
        reader = Reader.objects.select_related("user").filter(card_number=card).first()
        if reader is None or reader.user is None:
            continue
        for key in keys:
            occurrence = (
                Occurrence.objects.filter(event__external_uid=f"demo:{key}", starts_at__gt=now)
                .order_by("starts_at")
                .first()
            )
            if occurrence is None:
                continue
            try:
                if registration_create(actor=reader.user, occurrence_id=occurrence.pk).created:
                    count += 1
            except WenlanError:
                continue  # a demo reader over a limit just is not signed up
    return count


def events_demo_load() -> dict:
    channel_ids = {}
    for slug, zh, en, partner_code, description_zh, description_en in CHANNELS:
        partner_id = (
            Partner.objects.filter(code=partner_code).values_list("pk", flat=True).first()
            if partner_code
            else None
        )
        channel_ids[slug] = event_services.channel_upsert(
            actor=SYSTEM,
            slug=slug,
            title_zh=zh,
            title_en=en,
            description_zh=description_zh,
            description_en=description_en,
            partner_id=partner_id,
            position=len(channel_ids),
        ).pk
    start = clock.today()
    created = sum(_load_programme(p, start, channel_ids) for p in PROGRAMMES)
    return {"events_created": created, "registrations_created": _load_signups()}
