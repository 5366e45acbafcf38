from ninja import Schema


class FeedErrorOut(Schema):
    row: int
    reason: str


class FeedReportOut(Schema):
    upload_id: int | None
    accepted: int
    rejected: int
    replaced: int
    periods: list[str]
    refused: str | None
    errors: list[FeedErrorOut]
