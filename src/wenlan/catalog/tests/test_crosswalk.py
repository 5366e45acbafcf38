"""Records the Library of Congress classed (a class in 050, no CLC number in 084)
get a CLC top class from the crosswalk of the main classes, and the catalog search's
CLC facet and filter cover them as they do records with a CLC number."""

import io

import pymarc
import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.catalog.services.crosswalk import clc_top_from_lcc, records_clc_top_derive
from wenlan.catalog.tests.factories import RecordFactory, marc21, to_marcxml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lcc", "top"),
    [
        ("PS3545.I345", "I"),  # American literature
        ("PL2658.E3", "I"),  # Chinese literature
        ("DS796.H3", "K"),  # history of Asia
        ("QA76.73", "O"),  # mathematics
        ("HQ1075", "C"),  # the family (two letters before one)
        ("H31", "F"),
        ("pe1128", "H"),  # lower case
        ("", ""),
        ("1234", ""),
        ("W100", ""),  # no such main class
    ],
)
def test_lc_main_classes_give_a_clc_top_class(lcc, top):
    assert clc_top_from_lcc(lcc) == top


def _lc_classed(title: str, lcc: str) -> str:
    record = pymarc.parse_xml_to_array(io.StringIO(to_marcxml(marc21(title=title))))
    marc = record[0]
    marc.add_field(
        pymarc.Field(
            tag="050", indicators=["0", "0"], subfields=[pymarc.Subfield(code="a", value=lcc)]
        )
    )
    return to_marcxml(marc)


def _ids(**kwargs) -> set[int]:
    return {hit.record.pk for hit in catalog_search(params=search_params(**kwargs)).hits}


def test_lc_classed_records_are_found_by_their_clc_class():
    lc = RecordFactory(title="West Lake poems", marc=_lc_classed("West Lake poems", "PL2658.E3"))
    numbered = RecordFactory(title="杭州史话", clc="K295.51", clc_top="K")
    unclassed = RecordFactory(title="No class at all")
    assert records_clc_top_derive(actor=SYSTEM) == 1
    assert records_clc_top_derive(actor=SYSTEM) == 0  # a record with a class is left alone
    lc.refresh_from_db()
    assert (lc.clc, lc.clc_top) == ("", "I")  # no class number is made up
    index_rebuild(workers=1)
    assert _ids(clc=("I",)) == {lc.pk}
    assert _ids(clc=("K",)) == {numbered.pk}
    assert unclassed.pk in _ids()
    facets = catalog_search(params=search_params()).facets
    classes = next(f for f in facets if f.name == "clc")
    assert {b.key: b.count for b in classes.buckets} == {"I": 1, "K": 1}
