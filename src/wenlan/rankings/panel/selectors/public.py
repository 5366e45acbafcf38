"""Published lists as the public sees them: the archive by year and occasion, and a
list's books with their availability in the network (through the catalog's
selectors: the first catalog record among a work's ISBNs, its copies and those on
a shelf now)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from wenlan.catalog.selectors.brief import record_ids_by_isbns
from wenlan.catalog.selectors.records import records_availability
from wenlan.core.errors import NotFoundError
from wenlan.rankings.models import Candidate, ReadingList
from wenlan.rankings.panel.enums import ListStatus, Occasion
from wenlan.rankings.works import work_isbns


def lists_published(*, year: int | None = None, occasion: str = "") -> QuerySet[ReadingList]:
    lists = ReadingList.objects.filter(status=ListStatus.PUBLISHED).order_by("-date", "-pk")
    if year:
        lists = lists.filter(date__year=year)
    if occasion in Occasion.values:
        lists = lists.filter(occasion=occasion)
    return lists


def published_years() -> list[int]:
    dates = ReadingList.objects.filter(status=ListStatus.PUBLISHED).dates("date", "year")
    return sorted({d.year for d in dates}, reverse=True)


@dataclass
class Book:
    position: int
    title: str
    author: str
    isbns: list[str]
    recommendation: str
    recommendation_zh: str
    recommendation_en: str
    record_id: int | None
    copies: int
    available: int


@dataclass
class PublishedList:
    reading_list: ReadingList
    books: list[Book]


def list_published(*, slug: str) -> PublishedList:
    reading_list = ReadingList.objects.filter(slug=slug, status=ListStatus.PUBLISHED).first()
    if reading_list is None:
        raise NotFoundError()
    chosen = list(
        Candidate.objects.filter(reading_list=reading_list, position__isnull=False)
        .select_related("work")
        .order_by("position")
    )
    isbns = work_isbns(work_ids=[c.work_id for c in chosen])
    records = record_ids_by_isbns(isbns=[i for c in chosen for i in isbns.get(c.work_id, [])])
    record_of = {
        c.pk: next((records[i] for i in isbns.get(c.work_id, []) if i in records), None)
        for c in chosen
    }
    availability = records_availability(record_ids=[r for r in record_of.values() if r])
    books = []
    for c in chosen:
        record_id = record_of[c.pk]
        counts = availability.get(record_id) if record_id else None
        books.append(
            Book(
                position=c.position,
                title=c.work.title,
                author=c.work.author,
                isbns=isbns.get(c.work_id, []),
                recommendation=c.recommendation,
                recommendation_zh=c.recommendation_zh,
                recommendation_en=c.recommendation_en,
                record_id=record_id,
                copies=counts.copies if counts else 0,
                available=counts.available if counts else 0,
            )
        )
    return PublishedList(reading_list=reading_list, books=books)
