import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_sync
from wenlan.catalog.selectors.search import catalog_search, catalog_suggest, search_params
from wenlan.catalog.services import items as item_services
from wenlan.core.errors import ValidationError

pytestmark = pytest.mark.django_db


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


def test_suggest_titles_and_authors_by_prefix_and_pinyin(books):
    assert catalog_suggest(prefix="红楼") == ["红楼梦", "红楼梦研究"]
    assert "红楼梦" in catalog_suggest(prefix="hlm")
    assert "刘慈欣" in catalog_suggest(prefix="liu")
    assert catalog_suggest(prefix="") == []
    assert catalog_suggest(prefix="the great") == ["The Great Gatsby"]
