import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_rebuild, index_sync
from wenlan.catalog.search import catalog_index, parse_query
from wenlan.catalog.selectors.search import catalog_search, catalog_suggest, search_params
from wenlan.catalog.services import items as item_services
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.core.errors import ValidationError
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(db):
    hz, sc = (
        LibraryFactory(code="HZ", name_zh="杭州图书馆"),
        LibraryFactory(code="SC", name_zh="上城区图书馆"),
    )
    made = {
        "hlm": record_create(
            title="红楼梦",
            author="曹雪芹",
            isbn="9787020002207",
            year=1982,
            clc="I242.4",
            subjects=("章回小说",),
            publisher="人民文学出版社",
            control="r1",
        ),
        "yj": record_create(
            title="红楼梦研究", author="俞平伯", year=1952, clc="I207.411", control="r2"
        ),
        "st": record_create(
            title="三体",
            author="刘慈欣",
            isbn="9787536692930",
            year=2008,
            clc="I247.5",
            publisher="重庆出版社",
            series="中国科幻基石丛书",
            control="r3",
        ),
        "hz": record_create(
            title="活着",
            author="余华",
            isbn="7-5063-6543-X",
            year=1993,
            clc="I247.57",
            control="r4",
        ),
        "gt": record_create(
            title="The Great Gatsby",
            author="Fitzgerald, F. Scott",
            isbn="0-7432-7356-7",
            year=1925,
            language="eng",
            control="r5",
        ),
        "pf": record_create(
            title="平凡的世界", author="路遥", year=1986, clc="I247.5", control="r6"
        ),
        "zg": record_create(
            title="中国经济发展研究", author="林毅夫", year=2012, clc="F124", control="r7"
        ),
    }
    ItemFactory(record=made["hlm"], library=hz, barcode="HZ1")
    ItemFactory(
        record=made["hlm"],
        library=sc,
        barcode="SC1",
        status=ItemStatus.ON_LOAN,
        due_on="2026-12-01",
    )
    ItemFactory(
        record=made["st"], library=sc, barcode="SC2", status=ItemStatus.ON_LOAN, due_on="2026-12-01"
    )
    ItemFactory(record=made["gt"], library=hz, barcode="HZ2")
    index_rebuild(workers=1)
    return made


def _ids(q: str = "", **kwargs) -> list[int]:
    return [hit.record.pk for hit in catalog_search(params=search_params(q=q, **kwargs)).hits]


@pytest.mark.parametrize(
    "q",
    [
        "红楼梦",
        "紅樓夢",
        "hlm",
        "hongloumeng",
        "hong lou meng",
        "曹雪芹",
        "cxq",
        "9787020002207",
        "978-7-02-000220-7",
        "702000220X",
        "isbn:7-02-000220-x",
    ],
)
def test_known_item_is_found_first(books, q):
    assert _ids(q)[0] == books["hlm"].pk


def test_pinyin_initials_of_a_whole_title(books):
    assert _ids("pfdsj") == [books["pf"].pk]


def test_isbn_10_with_x_finds_its_record(books):
    assert _ids("750636543X") == [books["hz"].pk]
    assert _ids("9787506365437") == [books["hz"].pk]


def test_words_from_several_fields_must_all_match(books):
    assert _ids("红楼梦 俞平伯") == [books["yj"].pk]
    assert sorted(_ids("红楼梦")) == sorted([books["hlm"].pk, books["yj"].pk])


def test_field_queries(books):
    assert _ids("author:刘慈欣") == [books["st"].pk]
    assert _ids("title:刘慈欣") == []
    assert _ids("publisher:重庆") == [books["st"].pk]
    assert _ids("series:科幻") == [books["st"].pk]
    assert _ids("subject:章回小说") == [books["hlm"].pk]
    assert sorted(_ids("clc:I247")) == sorted([books["st"].pk, books["hz"].pk, books["pf"].pk])
    assert _ids("clc:F") == [books["zg"].pk]


def test_phrases(books):
    assert _ids('"great gatsby"') == [books["gt"].pk]
    assert _ids('"gatsby great"') == []
    assert _ids('title:"红楼梦 研究"') == [books["yj"].pk]


def test_english_is_lower_cased_not_stemmed(books):
    assert _ids("GATSBY") == [books["gt"].pk]
    assert _ids("gatsbys") == []


def test_filters_and_facets(books):
    result = catalog_search(params=search_params(q=""))
    facets = {f.name: {b.key: b.count for b in f.buckets} for f in result.facets}
    assert result.total == 7
    assert facets["library"] == {"HZ": 2, "SC": 2}
    assert facets["available"] == {"yes": 2}
    assert facets["language"] == {"chi": 6, "eng": 1}
    assert facets["clc"] == {"I": 5, "F": 1}
    assert facets["decade"]["1980"] == 2 and facets["decade"]["2000"] == 1
    assert sorted(_ids(available=True)) == sorted([books["hlm"].pk, books["gt"].pk])
    assert sorted(_ids(libraries=["SC"])) == sorted([books["hlm"].pk, books["st"].pk])
    assert _ids(languages=["eng"]) == [books["gt"].pk]
    assert _ids(clc=["F"]) == [books["zg"].pk]
    assert sorted(_ids(year_from=1980, year_to=1989)) == sorted([books["hlm"].pk, books["pf"].pk])
    labels = {b.key: b.label for f in result.facets if f.name == "library" for b in f.buckets}
    assert labels["HZ"] == "杭州图书馆"


def test_sorts(books):
    assert _ids("", sort="newest")[:2] == [books["zg"].pk, books["st"].pk]
    item_services.record_borrow_counts_set(counts={books["pf"].pk: 50, books["hz"].pk: 20})
    index_sync()
    assert _ids("", sort="most_borrowed")[:2] == [books["pf"].pk, books["hz"].pk]


def test_availability_is_read_from_the_database_not_the_index(books):
    hit = catalog_search(params=search_params(q="红楼梦 曹雪芹")).hits[0]
    assert (hit.copies, hit.available, [lib.code for lib in hit.available_at]) == (2, 1, ["HZ"])
    # change the database behind the index's back: the hit shows the truth
    books["hlm"].items.filter(barcode="HZ1").update(status=ItemStatus.LOST)
    hit = catalog_search(params=search_params(q="红楼梦 曹雪芹")).hits[0]
    assert (hit.copies, hit.available) == (1, 0)


def test_search_costs_a_fixed_number_of_queries(books, django_assert_num_queries):
    with django_assert_num_queries(3):  # records, their copies, the facet libraries' names
        catalog_search(params=search_params(q=""))


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("x" * 10_000, []),
        # a query this long still finds the records that name China (a title, a series)
        ("中国" * 5000, ["中国经济发展研究", "三体"]),
        ('"""((:::', []),
        ("title:", []),
        ("\x00\x01", []),
        ("🙂🙂", []),
        ("a:b:c:d", []),
        ('author:"', []),
        ("*?~^", []),
        ("-", []),
        ("OR AND NOT", []),
    ],
)
def test_odd_and_huge_queries_get_an_answer(books, q, titles):
    result = catalog_search(params=search_params(q=q))
    assert (result.total, [hit.record.title for hit in result.hits]) == (len(titles), titles)


def test_a_query_of_punctuation_finds_nothing(books):
    assert catalog_search(params=search_params(q="!!! ???")).total == 0


def test_bad_parameters_are_refused():
    with pytest.raises(ValidationError):
        search_params(page=0)
    with pytest.raises(ValidationError):
        search_params(page_size=1000)
    with pytest.raises(ValidationError):
        search_params(sort="random")
    with pytest.raises(ValidationError):
        search_params(page=100_000)


def test_parse_query():
    parts = parse_query('红楼梦 author:曹雪芹 "石头 记" foo:bar isbn:978-7')
    assert [(p.field, p.value, p.phrase) for p in parts] == [
        (None, "红楼梦", False),
        ("author", "曹雪芹", False),
        (None, "石头 记", True),
        (None, "foo:bar", False),
        ("isbn", "978-7", False),
    ]


def test_suggest_titles_and_authors_by_prefix_and_pinyin(books):
    assert catalog_suggest(prefix="红楼") == ["红楼梦", "红楼梦研究"]
    assert "红楼梦" in catalog_suggest(prefix="hlm")
    assert "刘慈欣" in catalog_suggest(prefix="liu")
    assert catalog_suggest(prefix="") == []
    assert catalog_suggest(prefix="the great") == ["The Great Gatsby"]


def test_a_saved_record_is_searchable_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_create(title="围城", author="钱锺书", control="w1")
    assert callbacks  # the index sync was queued after commit, and ran (immediate backend)
    assert [h.record.title for h in catalog_search(params=search_params(q="wc")).hits] == ["围城"]


def test_nothing_is_queued_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                record_create(title="围城", author="钱锺书", control="w2")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []


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
    assert _ids("围城")


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
