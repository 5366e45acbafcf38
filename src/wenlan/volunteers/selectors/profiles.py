"""The talent pool: a reader's own profile, and the coordinator's search by skill,
language, district, background and availability."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from wenlan.volunteers import policies
from wenlan.volunteers.enums import ProfileStatus
from wenlan.volunteers.models import VolunteerProfile
from wenlan.volunteers.permissions import ensure_can_coordinate


def profile_of_reader(*, reader_id: int) -> VolunteerProfile | None:
    return VolunteerProfile.objects.filter(reader_id=reader_id).first()


@dataclass(frozen=True)
class PoolFilters:
    skill: str = ""
    language: str = ""
    district: str = ""
    background: str = ""
    weekday: int | None = None
    part: int | None = None
    status: str = ProfileStatus.APPROVED
    query: str = ""


def pool_search(*, actor, filters: PoolFilters) -> QuerySet[VolunteerProfile]:
    """Volunteers matching every filter given; an availability filter of a weekday
    and a part of day keeps those free then (their mask has that slot's bit)."""
    ensure_can_coordinate(actor)
    profiles = VolunteerProfile.objects.select_related("reader").order_by("pk")
    if filters.status:
        profiles = profiles.filter(status=filters.status)
    if filters.skill:
        profiles = profiles.filter(skills__contains=f",{filters.skill},")
    if filters.language:
        profiles = profiles.filter(languages__contains=f",{filters.language},")
    if filters.district:
        profiles = profiles.filter(district=filters.district)
    if filters.background:
        profiles = profiles.filter(background=filters.background)
    if filters.weekday is not None or filters.part is not None:
        weekdays = [filters.weekday] if filters.weekday is not None else range(7)
        parts = [filters.part] if filters.part is not None else range(3)
        wanted = [policies.slot_bit(weekday=w, part=p) for w in weekdays for p in parts]
        # Free in any of the wanted slots: the mask shares a bit with theirs.
        profiles = profiles.annotate(free=F("availability").bitand(sum(wanted))).filter(free__gt=0)
    if filters.query.strip():
        text = filters.query.strip()
        profiles = profiles.filter(
            Q(reader__name__icontains=text) | Q(background_detail__icontains=text)
        )
    return profiles


def profile_get_for_coordinator(*, actor, profile_id: int) -> VolunteerProfile | None:
    ensure_can_coordinate(actor)
    return (
        VolunteerProfile.objects.select_related("reader", "reader__home_library")
        .filter(pk=profile_id)
        .first()
    )


def applications_waiting(*, actor) -> list[VolunteerProfile]:
    ensure_can_coordinate(actor)
    return list(
        VolunteerProfile.objects.filter(status=ProfileStatus.APPLIED)
        .select_related("reader")
        .order_by("applied_at", "pk")
    )
