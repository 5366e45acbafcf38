import pytest

from wenlan.catalog.indexing import index_rebuild, index_sync
from wenlan.catalog.search import catalog_index
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.catalog.services import items as item_services
from wenlan.catalog.tests.factories import record_create
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _ids(q: str = "", **kwargs) -> list[int]:
    return [hit.record.pk for hit in catalog_search(params=search_params(q=q, **kwargs)).hits]


def test_deleted_records_leave_the_index(books, django_capture_on_commit_callbacks):
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role

    admin = staff_with_role(Role.NETWORK_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        item_services.record_delete(actor=admin, record_id=books["pf"].pk)
    assert _ids("pfdsj") == []


def test_sync_is_safe_to_run_twice_and_rebuild_matches_sync(books):
    record_create(title="围城", author="钱锺书", control="w3")
    index_sync()
    index_sync()
    synced = catalog_index().searcher().num_docs
    index_rebuild(workers=2)
    assert catalog_index().searcher().num_docs == synced == 8
    assert len(_ids("围城")) == 1


@pytest.mark.django_db(transaction=True)
def test_rebuild_in_worker_processes_reads_every_record_once():
    """Above PARALLEL_FROM records, worker processes read their own ranges of the
    catalog from the database; the index holds each live record exactly once."""
    from django.db import connection

    from wenlan.catalog import indexing
    from wenlan.catalog.models import Item, Record

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("worker processes need a database they can open themselves (PostgreSQL)")
    library = LibraryFactory(code="PX")
    count = indexing.PARALLEL_FROM + 2 * indexing.RANGE_SIZE // 3
    records = Record.objects.bulk_create(
        Record(title=f"并行书{n}", marc="<record/>", fingerprint=f"p{n}", language="chi")
        for n in range(count)
    )
    Item.objects.bulk_create(
        Item(record=r, barcode=f"PX{r.pk}", library=library) for r in records[::2]
    )
    Record.objects.filter(pk=records[5].pk).update(is_deleted=True)
    assert index_rebuild(workers=2) == count - 1
    searcher = catalog_index().searcher()
    assert searcher.num_docs == count - 1
    found = catalog_search(params=search_params(q="并行书7", facets=False))
    assert [hit.record.pk for hit in found.hits][:1] == [records[7].pk]
    everything = catalog_search(params=search_params(q="", facets=True, page_size=1))
    assert everything.total == count - 1
    [library_facet] = [facet for facet in everything.facets if facet.name == "library"]
    assert [(b.key, b.count) for b in library_facet.buckets] == [("PX", len(records[::2]))]
