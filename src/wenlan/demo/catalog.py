"""The demo catalog: the Library of Congress MARC records in ../shared/data (1,500
Chinese books with their vernacular 880 fields and 1,000 of the 3,000 English
ones), with copies spread over the network's libraries. Without ../shared, a small
built-in catalog of well-known books. Idempotent: a second run adds nothing."""

import hashlib
import io
from pathlib import Path

import pymarc
from django.conf import settings

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.indexing import index_sync
from wenlan.catalog.models import Record
from wenlan.catalog.services.imports import catalog_import_file, record_import
from wenlan.catalog.services.items import ItemSpec, items_import
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library

LC_DIR = "marc21-lc-booksall-2016-sample"
LC_FILES = [
    ("BooksAll.2016.part01.chi-with-880.utf8.mrc", None),
    ("BooksAll.2016.part01.first3000.utf8.mrc", 1000),
]

# title, author, publisher, year, ISBN, CLC, language
BUILT_IN = [
    ("红楼梦", "曹雪芹", "人民文学出版社", 1996, "9787020002207", "I242.4", "chi"),
    ("西游记", "吴承恩", "人民文学出版社", 1980, "", "I242.4", "chi"),
    ("水浒传", "施耐庵", "人民文学出版社", 1975, "", "I242.4", "chi"),
    ("三国演义", "罗贯中", "人民文学出版社", 1973, "", "I242.4", "chi"),
    ("呐喊", "鲁迅", "人民文学出版社", 1973, "", "I210.6", "chi"),
    ("骆驼祥子", "老舍", "人民文学出版社", 1955, "", "I246.5", "chi"),
    ("茶馆", "老舍", "人民文学出版社", 1958, "", "I234", "chi"),
    ("家", "巴金", "人民文学出版社", 1953, "", "I246.5", "chi"),
    ("边城", "沈从文", "人民文学出版社", 1957, "", "I246.5", "chi"),
    ("围城", "钱锺书", "人民文学出版社", 1980, "", "I246.5", "chi"),
    ("子夜", "茅盾", "人民文学出版社", 1952, "", "I246.5", "chi"),
    ("城南旧事", "林海音", "中国青年出版社", 2003, "", "I246.5", "chi"),
    ("西湖梦寻", "张岱", "浙江古籍出版社", 2012, "", "K928.43", "chi"),
    ("活着", "余华", "作家出版社", 2012, "9787506365437", "I247.57", "chi"),
    ("三体", "刘慈欣", "重庆出版社", 2008, "9787536692930", "I247.55", "chi"),
    ("平凡的世界", "路遥", "北京十月文艺出版社", 2012, "9787530212004", "I247.57", "chi"),
    ("百年孤独", "加西亚·马尔克斯", "南海出版公司", 2011, "9787544253994", "I775.45", "chi"),
    ("追风筝的人", "卡勒德·胡赛尼", "上海人民出版社", 2006, "9787208061644", "I712.45", "chi"),
    ("白夜行", "东野圭吾", "南海出版公司", 2013, "9787544258609", "I313.45", "chi"),
    ("解忧杂货店", "东野圭吾", "南海出版公司", 2014, "9787544270878", "I313.45", "chi"),
    ("人类简史：从动物到上帝", "尤瓦尔·赫拉利", "中信出版社", 2014, "9787508647357", "K02", "chi"),
    (
        "Pride and Prejudice",
        "Austen, Jane",
        "Penguin Classics",
        2003,
        "9780141439518",
        "I561.44",
        "eng",
    ),
    ("Jane Eyre", "Brontë, Charlotte", "Penguin Classics", 2006, "9780141441146", "I561.44", "eng"),
    (
        "Nineteen Eighty-Four",
        "Orwell, George",
        "Signet Classics",
        1961,
        "9780451524935",
        "I561.45",
        "eng",
    ),
    (
        "Brave New World",
        "Huxley, Aldous",
        "Harper Perennial",
        2006,
        "9780060850524",
        "I561.45",
        "eng",
    ),
    (
        "To Kill a Mockingbird",
        "Lee, Harper",
        "Harper Perennial",
        2002,
        "9780060935467",
        "I712.45",
        "eng",
    ),
    (
        "The Great Gatsby",
        "Fitzgerald, F. Scott",
        "Scribner",
        2004,
        "9780743273565",
        "I712.45",
        "eng",
    ),
    (
        "The Catcher in the Rye",
        "Salinger, J. D.",
        "Little, Brown",
        1991,
        "9780316769488",
        "I712.45",
        "eng",
    ),
    ("Moby-Dick", "Melville, Herman", "Penguin Classics", 2003, "9780142437247", "I712.44", "eng"),
    (
        "The Hobbit",
        "Tolkien, J. R. R.",
        "Houghton Mifflin Harcourt",
        2012,
        "9780547928227",
        "I561.45",
        "eng",
    ),
]


def shared_data_dir() -> Path:
    return Path(settings.PROJECT_DIR).parent / "shared" / "data"


def built_in_marc(title, author, publisher, year, isbn, clc, language) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True, leader="00000nam a2200000 a 4500")
    control = "wl" + hashlib.sha1(f"{title}|{author}".encode()).hexdigest()[:10]
    record.add_field(pymarc.Field(tag="001", data=control))
    record.add_field(pymarc.Field(tag="003", data="WENLAN-DEMO"))
    record.add_field(
        pymarc.Field(tag="008", data=f"260101s{year}    cc            000 1 {language} d")
    )
    subfield = pymarc.Subfield
    if isbn:
        record.add_field(
            pymarc.Field(tag="020", indicators=[" ", " "], subfields=[subfield("a", isbn)])
        )
    record.add_field(
        pymarc.Field(
            tag="084", indicators=[" ", " "], subfields=[subfield("a", clc), subfield("2", "clc")]
        )
    )
    record.add_field(
        pymarc.Field(tag="100", indicators=["1", " "], subfields=[subfield("a", author)])
    )
    record.add_field(
        pymarc.Field(tag="245", indicators=["1", "0"], subfields=[subfield("a", title)])
    )
    record.add_field(
        pymarc.Field(
            tag="264",
            indicators=[" ", "1"],
            subfields=[subfield("b", publisher), subfield("c", str(year))],
        )
    )
    return record


# Where a MARC record carries a call number: a holdings field (852 $h $i), the
# Library of Congress's (050) or a local one (090), a UNIMARC holding (905 $d $e).
_CALL_NUMBER_FIELDS = (("852", ("h", "i")), ("050", ("a", "b")), ("090", ("a", "b")))


def record_call_number(marc_xml: str, *, clc: str = "") -> str:
    """The call number the record itself gives; else its CLC class number (the
    first part of a Chinese library's call number); else none. Never made up."""
    records = pymarc.parse_xml_to_array(io.StringIO(marc_xml)) if marc_xml else []
    record = records[0] if records else None
    if record is not None:
        for tag, codes in _CALL_NUMBER_FIELDS:
            for f in record.get_fields(tag):
                parts = [f.get(code) for code in codes]
                if value := " ".join(p.strip() for p in parts if p and p.strip()):
                    return value[:100]
        for f in record.get_fields("905"):
            parts = [f.get("d"), f.get("e")]
            if value := "/".join(p.strip() for p in parts if p and p.strip()):
                return value[:100]
    return clc[:100]


def _spread_items(libraries: list[Library]) -> int:
    """One to three copies per record that has none, in libraries chosen from the
    record id, so every run gives the same copies."""
    lending = [
        lib
        for lib in libraries
        if lib.kind not in (LibraryKind.PICKUP_POINT, LibraryKind.PARTNER_BOOKSTORE)
    ] or libraries
    specs: list[ItemSpec] = []
    without = Record.objects.filter(is_deleted=False, items__isnull=True).values_list(
        "pk", "clc", "marc"
    )
    for record_id, clc, marc in without.iterator(chunk_size=2000):
        digest = hashlib.sha1(str(record_id).encode()).digest()
        call_number = record_call_number(marc, clc=clc)
        for n in range(1 + digest[0] % 3):
            library = lending[digest[n + 1] % len(lending)]
            status = ItemStatus.IN_PROCESSING if digest[5] % 17 == 0 else ItemStatus.AVAILABLE
            specs.append(
                ItemSpec(
                    record_id=record_id,
                    barcode=f"{library.code.replace('-', '')}{record_id:07d}{n}",
                    library_id=library.pk,
                    call_number=call_number,
                    shelf_location="开架借阅区",
                    shelf_location_en="Open stacks",
                    status=status,
                )
            )
    return items_import(specs=specs, notify=False)


def catalog_demo_load() -> dict:
    libraries = list(Library.objects.filter(is_active=True).order_by("code"))
    data = shared_data_dir() / LC_DIR
    imported = 0
    if data.is_dir():
        for name, limit in LC_FILES:
            report = catalog_import_file(path=data / name, limit=limit)
            imported += report.created + report.updated + report.merged
    else:
        for entry in BUILT_IN:
            record_import(marc=built_in_marc(*entry))
            imported += 1
    items = _spread_items(libraries) if libraries else 0
    indexed = index_sync()
    return {
        "records": Record.objects.filter(is_deleted=False).count(),
        "imported": imported,
        "new_items": items,
        "indexed": indexed,
    }


def catalog_demo_titles(*, isbns: set[str]) -> int:
    """The built-in records of these ISBNs, with copies, when the catalog lacks them
    (a China Reading list's books, so its page shows copies and a hold button);
    idempotent."""
    from wenlan.catalog.selectors.brief import record_ids_by_isbns

    held = record_ids_by_isbns(isbns=sorted(isbns))
    added = 0
    for entry in BUILT_IN:
        if entry[4] in isbns and entry[4] not in held:
            record_import(marc=built_in_marc(*entry))
            added += 1
    libraries = list(Library.objects.filter(is_active=True).order_by("code"))
    if added and libraries:
        _spread_items(libraries)
    if added:
        index_sync()
    return added
