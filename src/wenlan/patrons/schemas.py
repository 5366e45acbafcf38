import datetime as dt

from ninja import Schema


class ReaderOut(Schema):
    id: int
    card_number: str
    name: str
    category: str
    status: str
    home_library: str
    expiry_date: dt.date


class ReaderDetailOut(ReaderOut):
    phone: str
    email: str
    language: str
    registered_on: dt.date
    keep_reading_history: bool
    allow_recommendations: bool
    allow_analytics: bool
    email_notices: bool


class ReaderPrivacyIn(Schema):
    keep_reading_history: bool | None = None
    allow_recommendations: bool | None = None
    allow_analytics: bool | None = None
    email_notices: bool | None = None
