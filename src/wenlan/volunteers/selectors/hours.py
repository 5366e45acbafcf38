"""Approved hours, star levels, and the hours report per volunteer and project."""

from dataclasses import dataclass

from django.db.models import Count, Max, Min, Sum

from wenlan.volunteers import policies
from wenlan.volunteers.enums import HoursStatus, SignupStatus
from wenlan.volunteers.models import ShiftSignup
from wenlan.volunteers.permissions import ensure_can_coordinate


def approved_minutes(*, profile_id: int) -> int:
    total = ShiftSignup.objects.filter(
        profile_id=profile_id, status=SignupStatus.SIGNED_UP, hours_status=HoursStatus.APPROVED
    ).aggregate(total=Sum("approved_minutes"))["total"]
    return total or 0


@dataclass(frozen=True)
class HoursSummary:
    minutes: int
    stars: int
    to_next_star: int | None
    shifts_served: int

    @property
    def hours(self) -> str:
        return policies.hours_display(self.minutes)

    @property
    def star_range(self) -> range:
        return range(self.stars)


def hours_summary(*, profile_id: int) -> HoursSummary:
    row = ShiftSignup.objects.filter(
        profile_id=profile_id, status=SignupStatus.SIGNED_UP, hours_status=HoursStatus.APPROVED
    ).aggregate(total=Sum("approved_minutes"), shifts=Count("pk"))
    minutes = row["total"] or 0
    return HoursSummary(
        minutes=minutes,
        stars=policies.stars(minutes),
        to_next_star=policies.hours_to_next_star(minutes),
        shifts_served=row["shifts"],
    )


def hours_pending(*, limit: int = 200) -> list[ShiftSignup]:
    """Sign-ups whose shift has begun and whose hours wait for the coordinator."""
    return list(
        ShiftSignup.objects.filter(
            status=SignupStatus.SIGNED_UP,
            hours_status=HoursStatus.PENDING,
            checked_in_at__isnull=False,
        )
        .select_related("shift__opportunity", "profile__reader")
        .order_by("shift__starts_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class HoursRow:
    """One volunteer's approved hours on one project."""

    profile_id: int
    name: str
    id_number: str  # masked, unless services.exports put the number in
    phone: str
    card_number: str
    project: str
    library: str
    first_day: object
    last_day: object
    shifts: int
    minutes: int


def hours_by_volunteer_and_project(*, actor) -> list[HoursRow]:
    ensure_can_coordinate(actor)
    rows = (
        ShiftSignup.objects.filter(status=SignupStatus.SIGNED_UP, hours_status=HoursStatus.APPROVED)
        .values(
            "profile_id",
            "profile__reader__name",
            "profile__id_number_masked",
            "profile__reader__phone",
            "profile__reader__card_number",
            "shift__opportunity__title_zh",
            "shift__opportunity__library__name_zh",
        )
        .annotate(
            first=Min("shift__starts_at"),
            last=Max("shift__ends_at"),
            shifts=Count("pk"),
            minutes=Sum("approved_minutes"),
        )
        .order_by("profile__reader__card_number", "shift__opportunity__title_zh", "profile_id")
    )
    return [
        HoursRow(
            profile_id=row["profile_id"],
            name=row["profile__reader__name"],
            id_number=row["profile__id_number_masked"],
            phone=row["profile__reader__phone"],
            card_number=row["profile__reader__card_number"],
            project=row["shift__opportunity__title_zh"],
            library=row["shift__opportunity__library__name_zh"],
            first_day=row["first"],
            last_day=row["last"],
            shifts=row["shifts"],
            minutes=row["minutes"] or 0,
        )
        for row in rows
    ]
