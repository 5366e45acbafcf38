import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.network.models import Library, OpeningException, Partner
from wenlan.network.policies import DayException, Period, is_open_at, next_opening, periods_on


@dataclass(frozen=True)
class LibraryStatus:
    library: Library
    open_now: bool
    today: list[Period]
    next_opens_at: dt.datetime | None


def _upcoming_exceptions(today: dt.date) -> Prefetch:
    return Prefetch(
        "opening_exceptions",
        queryset=OpeningException.objects.filter(
            date__gte=today, date__lte=today + dt.timedelta(days=62)
        ),
        to_attr="upcoming_exceptions",
    )


def library_list(*, kind: str | None = None) -> QuerySet[Library]:
    today = clock.today()
    libraries = (
        Library.objects.filter(is_active=True)
        .select_related("parent", "partner")
        .prefetch_related("opening_hours", _upcoming_exceptions(today))
        .order_by("kind", "code")
    )
    if kind:
        libraries = libraries.filter(kind=kind)
    return libraries


def library_get(*, code: str) -> Library:
    library = library_list().filter(code=code).first()
    if library is None:
        raise NotFoundError()
    return library


def library_status(library: Library, *, at: dt.datetime | None = None) -> LibraryStatus:
    """Needs `library` from library_list/library_get (hours and exceptions prefetched)."""
    moment = clock.localnow() if at is None else at
    weekly = library_weekly_schedule(library)
    exceptions = {
        e.date: DayException(
            e.is_closed, Period(e.opens, e.closes) if e.opens and e.closes else None
        )
        for e in library.upcoming_exceptions
    }
    return LibraryStatus(
        library=library,
        open_now=is_open_at(moment, weekly, exceptions),
        today=periods_on(moment.date(), weekly, exceptions),
        next_opens_at=next_opening(moment, weekly, exceptions),
    )


def library_weekly_schedule(library: Library) -> dict[int, list[Period]]:
    schedule: dict[int, list[Period]] = {}
    for row in library.opening_hours.all():
        schedule.setdefault(row.weekday, []).append(Period(row.opens, row.closes))
    return schedule


def library_statuses(*, kind: str | None = None) -> list[LibraryStatus]:
    moment = clock.localnow()
    return [library_status(library, at=moment) for library in library_list(kind=kind)]


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.order_by("code")


def library_by_code(*, code: str, active_only: bool = False) -> Library | None:
    """The library with this code (only if active, when asked), or None."""
    libraries = Library.objects.filter(code=code)
    if active_only:
        libraries = libraries.filter(is_active=True)
    return libraries.first()


def library_list_by_code(
    *, scope: Collection[int] | None = None, active_only: bool = False
) -> QuerySet[Library]:
    """Libraries in code order, limited to `scope` (ids, as from `library_scope`;
    None means every library)."""
    libraries = Library.objects.order_by("code")
    if active_only:
        libraries = libraries.filter(is_active=True)
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return libraries


def library_children_active(library: Library) -> QuerySet[Library]:
    """The open service points that report to `library`, by code."""
    return library.children.filter(is_active=True).order_by("code")


def library_count() -> int:
    return Library.objects.count()


def libraries_by_ids(*, library_ids: list[int]) -> list[Library]:
    return list(Library.objects.filter(pk__in=library_ids).order_by("pk"))
