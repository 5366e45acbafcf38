import datetime as dt

from ninja import Field, Schema


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


class EcardOut(Schema):
    token: str = Field(
        description="What the e-card's QR code holds; a desk, kiosk or door accepts it "
        "wherever a card number is asked for"
    )
    expires_at: dt.datetime
    seconds_left: int = Field(description="Whole seconds the token still works")
    refresh_before: int = Field(
        description="Ask for the next token this many seconds before it expires"
    )
    svg: str = Field(description="The QR code as an SVG element, for a web page")
