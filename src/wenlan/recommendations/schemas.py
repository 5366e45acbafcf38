from ninja import Schema


class BookSuggestionOut(Schema):
    record_id: int
    title: str
    responsibility: str
    reason: str
    rank: int
    url: str
    hold_url: str


class EventSuggestionOut(Schema):
    event_id: int
    title: str
    reason: str
    rank: int
    url: str


class RecommendationsOut(Schema):
    enabled: bool
    books: list[BookSuggestionOut]
    events: list[EventSuggestionOut]
