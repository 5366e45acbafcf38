import datetime as dt

from ninja import Schema

from wenlan.core.ids import RowId


class SourceOut(Schema):
    position: int
    title: str
    publisher: str
    url: str
    date: str


class PassageOut(Schema):
    position: int
    language: str
    text: str
    sources: list[int]
    url: str


class ArticleSummaryOut(Schema):
    slug: str
    kind: str
    title_zh: str
    title_en: str
    topics: list[str]
    review_on: dt.date
    is_stale: bool
    updated_at: dt.datetime
    url: str


class ArticleOut(ArticleSummaryOut):
    sources: list[SourceOut]
    passages: list[PassageOut]


class SearchHitOut(Schema):
    passage_id: RowId
    ref: str
    language: str
    article_title: str
    text: str
    url: str
    sources: list[SourceOut]
    score: float
    confidence: float
    answers: bool
