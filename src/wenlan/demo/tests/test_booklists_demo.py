"""The reading lists demo on factories (not the whole demo): a published list of
the central library with its Hangzhou books, a draft from a planning topic, the
published list sent to a segment of at least 10; a second run changes nothing."""

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.booklists.models import BookList, BookListAnnouncement, BookListItem
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.core import clock
from wenlan.demo.booklists import booklists_demo_load
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.notices.models import Notice
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_dir(settings, tmp_path):
    settings.WENLAN_INDEX_DIR = tmp_path / "index"


def test_the_lists_are_made_once_and_the_list_sent_once():
    central = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL)
    world = borrowing_world(opted_in=False)
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    for title, clc in (("西湖梦寻", "K928.43"), ("杭州史话", "K295.51"), ("三体", "I247.55")):
        ItemFactory(record=record_create(title=title, clc=clc), library=central)
    index_rebuild(workers=1)
    first = booklists_demo_load()["booklists"]
    published = BookList.objects.get(title_zh="西湖与杭州")
    assert (published.status, published.library) == ("published", central)
    titles = set(
        BookListItem.objects.filter(book_list=published).values_list("record__title", flat=True)
    )
    assert titles == {"西湖梦寻", "杭州史话"}
    draft = BookList.objects.get(status="draft")
    assert draft.title_zh == "主题书单：K 历史、地理"
    assert set(
        BookListItem.objects.filter(book_list=draft).values_list("record__title", flat=True)
    ) >= {"西湖梦寻", "杭州史话"}
    sent = BookListAnnouncement.objects.get()
    assert sent.recipients == 12 and first["recipients"] == 12
    counts = (BookList.objects.count(), BookListItem.objects.count(), Notice.objects.count())
    second = booklists_demo_load()["booklists"]
    assert second == first
    assert (BookList.objects.count(), BookListItem.objects.count(), Notice.objects.count()) == (
        counts
    )
    assert BookListAnnouncement.objects.count() == 1
    assert len(world.readers) == 24
