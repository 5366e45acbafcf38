import factory
import pymarc

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.marc.writer import to_marcxml
from wenlan.catalog.models import Item, Record
from wenlan.catalog.services.imports import record_import
from wenlan.network.tests.factories import LibraryFactory


def marc21(
    *,
    title: str,
    author: str = "",
    isbn: str = "",
    control: str = "",
    year: int | None = None,
    clc: str = "",
    subjects: tuple[str, ...] = (),
    publisher: str = "",
    language: str = "chi",
    series: str = "",
    holdings: tuple[tuple[str, str], ...] = (),
) -> pymarc.Record:
    """A small MARC21 record; `holdings` are (barcode, library code) pairs (952)."""
    record = pymarc.Record(force_utf8=True, leader="00000nam a2200000 a 4500")
    if control:
        record.add_field(pymarc.Field(tag="001", data=control))
        record.add_field(pymarc.Field(tag="003", data="WL"))
    date = str(year) if year else "    "
    record.add_field(
        pymarc.Field(tag="008", data=f"260101s{date}    cc            000 0 {language} d")
    )
    if isbn:
        record.add_field(
            pymarc.Field(tag="020", indicators=[" ", " "], subfields=[pymarc.Subfield("a", isbn)])
        )
    if clc:
        record.add_field(
            pymarc.Field(
                tag="084",
                indicators=[" ", " "],
                subfields=[pymarc.Subfield("a", clc), pymarc.Subfield("2", "clc")],
            )
        )
    if author:
        record.add_field(
            pymarc.Field(tag="100", indicators=["1", " "], subfields=[pymarc.Subfield("a", author)])
        )
    record.add_field(
        pymarc.Field(tag="245", indicators=["1", "0"], subfields=[pymarc.Subfield("a", title)])
    )
    if publisher or year:
        subs = [pymarc.Subfield("a", "北京"), pymarc.Subfield("b", publisher or "出版社")]
        if year:
            subs.append(pymarc.Subfield("c", str(year)))
        record.add_field(pymarc.Field(tag="260", indicators=[" ", " "], subfields=subs))
    if series:
        record.add_field(
            pymarc.Field(tag="490", indicators=["0", " "], subfields=[pymarc.Subfield("a", series)])
        )
    for subject in subjects:
        record.add_field(
            pymarc.Field(
                tag="650", indicators=[" ", "7"], subfields=[pymarc.Subfield("a", subject)]
            )
        )
    for barcode, library_code in holdings:
        record.add_field(
            pymarc.Field(
                tag="952",
                indicators=[" ", " "],
                subfields=[
                    pymarc.Subfield("a", library_code),
                    pymarc.Subfield("p", barcode),
                    pymarc.Subfield("o", "I247.5/1"),
                ],
            )
        )
    return record


def record_create(**kwargs) -> Record:
    """A record stored through the import service, as a real one would be."""
    return record_import(marc=marc21(**kwargs)).record


class RecordFactory(factory.django.DjangoModelFactory):
    """A bare record row (for tests that do not care about its MARC)."""

    class Meta:
        model = Record

    flavour = "marc21"
    title = factory.Sequence(lambda n: f"测试书名{n}")
    marc = factory.LazyAttribute(lambda r: to_marcxml(marc21(title=r.title)))
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    authors = factory.LazyFunction(lambda: [{"name": "张三", "role": "author"}])
    year = 2020
    language = "chi"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    record = factory.SubFactory(RecordFactory)
    barcode = factory.Sequence(lambda n: f"T{n:08d}")
    library = factory.SubFactory(LibraryFactory)
    location = factory.SelfAttribute("library")
    call_number = "I247.5/1"
    item_type = ItemType.BOOK
    status = ItemStatus.AVAILABLE
