import datetime as dt

from ninja import Schema


class _BookListFields(Schema):
    id: int
    library_code: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    published_at: dt.datetime


class BookListOut(_BookListFields):
    books: int
    url: str


class BookListBookOut(Schema):
    position: int
    record_id: int
    title: str
    author: str
    isbns: list[str]
    note_zh: str
    note_en: str
    copies: int
    available: int
    url: str
    hold_url: str


class BookListDetailOut(_BookListFields):
    url: str
    books: list[BookListBookOut]
