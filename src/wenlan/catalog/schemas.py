import datetime as dt

from ninja import Schema


class AuthorOut(Schema):
    name: str
    role: str
    romanised: str = ""


class FacetBucketOut(Schema):
    key: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    buckets: list[FacetBucketOut]


class RecordHitOut(Schema):
    id: int
    url: str
    title: str
    title_romanised: str
    authors: list[AuthorOut]
    publisher: str
    year: int | None
    isbns: list[str]
    material_type: str
    language: str
    copies: int
    available: int
    available_at: list[str]


class RecordSearchOut(Schema):
    total: int
    page: int
    page_size: int
    hits: list[RecordHitOut]
    facets: list[FacetOut]


class ItemOut(Schema):
    barcode: str
    library: str
    library_name: str
    location: str | None
    call_number: str
    shelf_location: str
    item_type: str
    status: str
    status_label: str
    due_on: dt.date | None


class RecordOut(Schema):
    id: int
    url: str
    title: str
    title_romanised: str
    parallel_title: str
    responsibility: str
    authors: list[AuthorOut]
    publisher: str
    place: str
    year: int | None
    edition: str
    isbns: list[str]
    clc: str
    subjects: list[str]
    language: str
    series: str
    summary: str
    material_type: str
    updated_at: dt.datetime
    items: list[ItemOut]
