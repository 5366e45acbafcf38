import datetime as dt

from ninja import Field, Schema


class ReadingListOut(Schema):
    slug: str
    occasion: str
    date: dt.date
    theme_zh: str
    theme_en: str
    url: str


class ReadingListBookOut(Schema):
    position: int
    title: str
    author: str
    isbns: list[str]
    recommendation_zh: str
    recommendation_en: str
    record_id: int | None
    copies: int
    available: int


class ReadingListDetailOut(Schema):
    slug: str
    occasion: str
    date: dt.date
    theme_zh: str
    theme_en: str
    published_at: dt.datetime | None
    books: list[ReadingListBookOut]


class PanelResultOut(Schema):
    rank: int | None
    trimmed_mean: float | None
    min: int | None
    max: int | None
    std: float | None
    count: int


class PanelCandidateOut(Schema):
    id: int
    title: str
    author: str
    isbns: list[str]
    origin: str
    ranking_rank: int | None
    my_score: int | None
    my_comment: str
    conflict: bool
    # Only once the round has closed: nobody sees others' scores before.
    result: PanelResultOut | None


class PanelRoundOut(Schema):
    id: int
    list_slug: str
    theme_zh: str
    theme_en: str
    status: str
    candidates: list[PanelCandidateOut]


class PanelScoreIn(Schema):
    candidate_id: int
    value: int = Field(ge=1, le=10)
    comment: str = Field("", max_length=2000)


class PanelScoreOut(Schema):
    candidate_id: int
    value: int
    comment: str


class PanelConflictIn(Schema):
    candidate_id: int
    note: str = Field(max_length=1000)
