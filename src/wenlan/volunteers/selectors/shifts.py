"""Projects and shifts: open shifts for volunteers, a coordinator's lists, a
volunteer's own sign-ups and the swap offers made to them."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from wenlan.core import clock
from wenlan.events.selectors.events import CalendarFilters, calendar_occurrences
from wenlan.volunteers.enums import SignupStatus, SwapStatus
from wenlan.volunteers.models import Opportunity, Shift, ShiftSignup, SwapOffer
from wenlan.volunteers.permissions import ensure_can_coordinate


def shift_list_open(*, limit: int = 100) -> list[Shift]:
    """Upcoming shifts of open projects that are not cancelled, soonest first."""
    return list(
        Shift.objects.filter(
            is_cancelled=False, opportunity__is_open=True, starts_at__gt=clock.now()
        )
        .select_related("opportunity__library", "occurrence__event")
        .order_by("starts_at", "pk")[:limit]
    )


def shift_get(*, shift_id: int) -> Shift | None:
    return (
        Shift.objects.select_related("opportunity__library", "occurrence__event")
        .filter(pk=shift_id)
        .first()
    )


def opportunity_list(*, actor) -> QuerySet[Opportunity]:
    ensure_can_coordinate(actor)
    upcoming = Q(shifts__starts_at__gt=clock.now(), shifts__is_cancelled=False)
    return (
        Opportunity.objects.select_related("library")
        .annotate(upcoming=Count("shifts", filter=upcoming))
        .order_by("-pk")
    )


def opportunity_get(*, actor, opportunity_id: int) -> Opportunity | None:
    ensure_can_coordinate(actor)
    return Opportunity.objects.select_related("library").filter(pk=opportunity_id).first()


def shifts_of_opportunity(*, opportunity_id: int) -> list[Shift]:
    return list(
        Shift.objects.filter(opportunity_id=opportunity_id)
        .select_related("occurrence__event")
        .order_by("starts_at", "pk")
    )


def signups_of_shift(*, shift_id: int) -> list[ShiftSignup]:
    return list(
        ShiftSignup.objects.filter(shift_id=shift_id)
        .select_related("profile__reader")
        .order_by("status", "pk")
    )


def signups_of_profile(*, profile_id: int, since: dt.datetime | None = None) -> list[ShiftSignup]:
    signups = ShiftSignup.objects.filter(profile_id=profile_id, status=SignupStatus.SIGNED_UP)
    if since is not None:
        signups = signups.filter(shift__ends_at__gte=since)
    return list(
        signups.select_related("shift__opportunity__library").order_by("-shift__starts_at", "pk")
    )


def offers_to_profile(*, profile_id: int) -> list[SwapOffer]:
    return list(
        SwapOffer.objects.filter(to_profile_id=profile_id, status=SwapStatus.OFFERED)
        .select_related("signup__shift__opportunity", "signup__profile__reader")
        .order_by("pk")
    )


def occurrences_asking(*, days: int = 90, limit: int = 200) -> list:
    """Upcoming event sessions a shift may be attached to (read from events)."""
    today = clock.today()
    filters = CalendarFilters(date_from=today, date_to=today + dt.timedelta(days=days))
    return list(calendar_occurrences(filters)[:limit])


def shifts_for_occurrences(*, occurrence_ids: list[int]) -> dict[int, list[Shift]]:
    """The shifts that serve each of these event sessions (for an event's page)."""
    found: dict[int, list[Shift]] = {}
    for shift in (
        Shift.objects.filter(occurrence_id__in=occurrence_ids, is_cancelled=False)
        .select_related("opportunity")
        .order_by("starts_at", "pk")
    ):
        found.setdefault(shift.occurrence_id, []).append(shift)
    return found
