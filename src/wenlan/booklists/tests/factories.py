import factory

from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.models import BookList, BookListItem
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory


class BookListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookList

    library = factory.SubFactory(LibraryFactory)
    title_zh = factory.Sequence(lambda n: f"书单{n}")
    title_en = factory.Sequence(lambda n: f"List {n}")
    created_at = factory.LazyFunction(clock.now)


class BookListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookListItem

    book_list = factory.SubFactory(BookListFactory)
    record = factory.SubFactory(RecordFactory)
    position = factory.Sequence(lambda n: n + 1)


def published_list(*, library=None, books: int = 2) -> BookList:
    """A published list of `books` titles, each with a copy on a shelf of its library."""
    book_list = BookListFactory(
        library=library or LibraryFactory(),
        status=BookListStatus.PUBLISHED,
        published_at=clock.now(),
    )
    for n in range(1, books + 1):
        record = RecordFactory(title=f"西湖{n}")
        ItemFactory(record=record, library=book_list.library)
        BookListItemFactory(book_list=book_list, record=record, position=n)
    return book_list
