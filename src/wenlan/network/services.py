"""Writes to the network. The demo loader and the admin are the callers today;
each function is idempotent so loading the same network twice changes nothing."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from wenlan.network.models import (
    Library,
    OpeningException,
    OpeningHours,
    Partner,
    PartnerContact,
)


def _update_changed(instance, values: dict) -> bool:
    """Save only what differs, so loading the same data twice writes nothing."""
    fields = {name: instance._meta.get_field(name) for name in values}
    values = {
        name: value if fields[name].is_relation else fields[name].to_python(value)
        for name, value in values.items()
    }
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.full_clean()
        stamp = ["updated_at"] if hasattr(instance, "updated_at") else []
        instance.save(update_fields=[*changed, *stamp])
    return bool(changed)


@transaction.atomic
def partner_upsert(*, code: str, contacts: Iterable[dict] = (), **values) -> Partner:
    partner = Partner.objects.filter(code=code).first()
    if partner is None:
        partner = Partner(code=code, **values)
        partner.full_clean()
        partner.save()
    else:
        _update_changed(partner, values)
    for contact in contacts:
        PartnerContact.objects.get_or_create(
            partner=partner, name=contact["name"], defaults=contact
        )
    return partner


@transaction.atomic
def library_upsert(*, code: str, **values) -> Library:
    library = Library.objects.filter(code=code).first()
    if library is None:
        library = Library(code=code, **values)
        library.full_clean()
        library.save()
    else:
        _update_changed(library, values)
    return library


@transaction.atomic
def library_set_weekly_hours(
    *, library: Library, periods: Iterable[tuple[int, dt.time, dt.time]]
) -> None:
    wanted = set(periods)
    existing = {(h.weekday, h.opens, h.closes): h for h in library.opening_hours.all()}
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(library=library, weekday=w, opens=o, closes=c)
        for (w, o, c) in sorted(wanted - existing.keys())
    )


@transaction.atomic
def opening_exception_set(
    *,
    library: Library,
    date: dt.date,
    is_closed: bool = True,
    opens: dt.time | None = None,
    closes: dt.time | None = None,
    reason_zh: str = "",
    reason_en: str = "",
) -> OpeningException:
    values = {
        "is_closed": is_closed,
        "opens": opens,
        "closes": closes,
        "reason_zh": reason_zh,
        "reason_en": reason_en,
    }
    exception = OpeningException.objects.filter(library=library, date=date).first()
    if exception is None:
        exception = OpeningException(library=library, date=date, **values)
        exception.full_clean()
        exception.save()
    else:
        _update_changed(exception, values)
    return exception
