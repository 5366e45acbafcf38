import datetime as dt

from ninja import Schema


class OpeningPeriodOut(Schema):
    opens: dt.time
    closes: dt.time


class LibraryOut(Schema):
    code: str
    kind: str
    name_zh: str
    name_en: str
    parent: str | None
    open_now: bool
    today: list[OpeningPeriodOut]
    next_opens_at: dt.datetime | None
    latitude: float | None
    longitude: float | None
    theme_zh: str
    theme_en: str
    partner: str | None
    cooperation_model: str


class WeeklyHoursOut(Schema):
    weekday: int
    opens: dt.time
    closes: dt.time


class LibraryDetailOut(LibraryOut):
    address_zh: str
    address_en: str
    phone: str
    email: str
    website: str
    weekly_hours: list[WeeklyHoursOut]
