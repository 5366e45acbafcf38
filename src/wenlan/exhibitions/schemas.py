import datetime as dt

from ninja import Schema


class ExhibitionImageOut(Schema):
    position: int
    src: str
    caption_zh: str
    caption_en: str
    is_panorama: bool


class ExhibitionOut(Schema):
    slug: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    organiser: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    images: list[ExhibitionImageOut]
    url: str
