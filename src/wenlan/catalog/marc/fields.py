"""The fields the platform uses, taken from a MARC21 or UNIMARC/CNMARC record.
MARC21 records from outside China carry the Chinese script in 880 fields linked by
$6 to the romanised 245, 100, 260…; the Chinese is shown and both are indexed."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pymarc

from wenlan.catalog.enums import MarcFlavour, MaterialType
from wenlan.core.text import isbn_normalise

_TRAILING = re.compile(r"[\s/:;,.=+]+$")
_SPACE_BEFORE_COMMA = re.compile(r"\s+([,，])")
# Non-sorting markers (NSB/NSE, MARC21 and UNIMARC) around an article: "\x88L'\x89altra".
_NON_SORTING = str.maketrans("", "", "\x88\x89\x98\x9c")
_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})")
_PRICE = re.compile(r"(\d+(?:\.\d{1,2})?)")


@dataclass
class Author:
    name: str
    role: str = "author"
    romanised: str = ""


@dataclass
class Holding:
    barcode: str
    library_code: str = ""
    location_code: str = ""
    shelf_location: str = ""
    call_number: str = ""
    item_type: str = ""
    price: Decimal | None = None
    acquired_on: str = ""


@dataclass
class RecordFields:
    flavour: str
    control_number: str = ""
    control_source: str = ""
    title: str = ""
    title_romanised: str = ""
    parallel_title: str = ""
    responsibility: str = ""
    authors: list[Author] = field(default_factory=list)
    publisher: str = ""
    place: str = ""
    year: int | None = None
    edition: str = ""
    isbns: list[str] = field(default_factory=list)
    price: Decimal | None = None
    clc: str = ""
    subjects: list[str] = field(default_factory=list)
    language: str = ""
    series: str = ""
    summary: str = ""
    material_type: str = MaterialType.BOOK
    holdings: list[Holding] = field(default_factory=list)
    romanised: list[str] = field(default_factory=list)  # romanised forms to index too


def clean(value: str | None) -> str:
    if not value:
        return ""
    value = _SPACE_BEFORE_COMMA.sub(r"\1", " ".join(value.translate(_NON_SORTING).split()))
    return _TRAILING.sub("", value)


def _sub(f: pymarc.Field, *codes: str, sep: str = " ") -> str:
    return clean(
        sep.join(v for c, v in ((s.code, s.value) for s in f.subfields) if c in codes and v)
    )


def _first(record: pymarc.Record, tag: str) -> pymarc.Field | None:
    found = record.get_fields(tag)
    return found[0] if found else None


def _control(record: pymarc.Record, tag: str) -> str:
    f = _first(record, tag)
    return (f.data or "").strip() if f is not None and f.is_control_field() else ""


def _linked(record: pymarc.Record) -> dict[str, pymarc.Field]:
    """880 fields keyed by the `tag-occurrence` they render (`245-02`)."""
    linked: dict[str, pymarc.Field] = {}
    for f in record.get_fields("880"):
        link = f.get("6") or ""
        if len(link) >= 6 and link[3] == "-":
            linked[link[:6]] = f
    return linked


def _vernacular(f: pymarc.Field, linked: dict[str, pymarc.Field]) -> pymarc.Field | None:
    link = f.get("6") or ""
    if link.startswith("880-") and len(link) >= 6:
        return linked.get(f"{f.tag}-{link[4:6]}")
    return None


def _year(*candidates: str) -> int | None:
    for candidate in candidates:
        if candidate and (match := _YEAR.search(candidate)):
            return int(match.group(1))
    return None


def _price(value: str) -> Decimal | None:
    match = _PRICE.search(value or "")
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        return None


def _material(leader: str) -> str:
    kind, level = (leader[6:7] or " "), (leader[7:8] or " ")
    if level == "s":
        return MaterialType.SERIAL
    return {
        "a": MaterialType.BOOK,
        "t": MaterialType.MANUSCRIPT,
        "b": MaterialType.MANUSCRIPT,
        "c": MaterialType.SCORE,
        "d": MaterialType.SCORE,
        "i": MaterialType.SOUND,
        "j": MaterialType.SOUND,
        "g": MaterialType.VIDEO,
        "e": MaterialType.MAP,
        "f": MaterialType.MAP,
        "m": MaterialType.ELECTRONIC,
        "l": MaterialType.ELECTRONIC,
    }.get(kind, MaterialType.OTHER)


def _isbns(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        isbn = isbn_normalise(value)
        if isbn and isbn not in out:
            out.append(isbn)
    return out


_MARC21_ROLES = {
    "aut": "author",
    "author": "author",
    "edt": "editor",
    "editor": "editor",
    "trl": "translator",
    "translator": "translator",
    "ill": "illustrator",
    "illustrator": "illustrator",
    "cmp": "composer",
    "composer": "composer",
    "prf": "performer",
    "performer": "performer",
    "ctb": "contributor",
}
_UNIMARC_ROLES = {
    "070": "author",
    "340": "editor",
    "651": "editor",
    "730": "translator",
    "440": "illustrator",
    "230": "composer",
    "590": "performer",
    "205": "contributor",
}


def _marc21_role(f: pymarc.Field, default: str) -> str:
    for code in ("4", "e"):
        value = clean(f.get(code) or "").lower()
        if value in _MARC21_ROLES:
            return _MARC21_ROLES[value]
    return default


def extract_marc21(record: pymarc.Record) -> RecordFields:
    linked = _linked(record)
    out = RecordFields(flavour=MarcFlavour.MARC21)
    out.control_number = _control(record, "001")
    out.control_source = _control(record, "003")
    leader = str(record.leader)
    out.material_type = _material(leader)
    fixed = _control(record, "008")
    _marc21_titles(record, linked, out)
    _marc21_names(record, linked, out)
    _marc21_publication(record, linked, fixed, out)
    if (f250 := _first(record, "250")) is not None:
        vern = _vernacular(f250, linked)
        out.edition = _sub(vern if vern is not None else f250, "a", "b")
    out.isbns = _isbns([f.get("a") or "" for f in record.get_fields("020")])
    for f in record.get_fields("020"):
        if (price := _price(f.get("c") or "")) is not None:
            out.price = price
            break
    for f in record.get_fields("084"):
        if (f.get("2") or "").strip().lower().startswith("clc"):
            out.clc = clean(f.get("a"))
            break
    _marc21_subjects(record, linked, out)
    lang = fixed[35:38] if len(fixed) >= 38 else ""
    if not lang.strip() and (f041 := _first(record, "041")) is not None:
        lang = f041.get("a") or ""
    out.language = lang.strip().lower()[:3]

    for tag in ("490", "440", "830"):
        if (f := _first(record, tag)) is not None:
            vern = _vernacular(f, linked)
            out.series = _sub(vern if vern is not None else f, "a", "p", "v", sep=" ")
            break
    if (f520 := _first(record, "520")) is not None:
        out.summary = _sub(f520, "a", "b")
    out.holdings = _marc21_holdings(record)
    return out


def _marc21_titles(
    record: pymarc.Record, linked: dict[str, pymarc.Field], out: RecordFields
) -> None:
    """Title and statement of responsibility (245, in the vernacular where an 880
    gives it, the romanised form kept for search) and the parallel title (246)."""
    if (f245 := _first(record, "245")) is not None:
        romanised_title = _sub(f245, "a", "b", "n", "p")
        romanised_resp = _sub(f245, "c")
        vern = _vernacular(f245, linked)
        if vern is not None:
            out.title = _sub(vern, "a", "b", "n", "p")
            out.responsibility = _sub(vern, "c")
            out.title_romanised = romanised_title
            out.romanised.extend([romanised_title, romanised_resp])
        else:
            out.title, out.responsibility = romanised_title, romanised_resp
    for f in record.get_fields("246"):
        if f.indicator2 == "1":
            out.parallel_title = _sub(f, "a", "b")
            break


def _marc21_names(
    record: pymarc.Record, linked: dict[str, pymarc.Field], out: RecordFields
) -> None:
    """Authors (1XX) and contributors (7XX) with their roles."""
    for tag, default in (
        ("100", "author"),
        ("110", "author"),
        ("111", "author"),
        ("700", "contributor"),
        ("710", "contributor"),
        ("711", "contributor"),
    ):
        for f in record.get_fields(tag):
            name = _sub(f, "a", "b", "c", "d", "q") if tag.endswith("00") else _sub(f, "a", "b")
            vern = _vernacular(f, linked)
            role = _marc21_role(f, default)
            if vern is not None:
                vname = (
                    _sub(vern, "a", "b", "c", "q") if tag.endswith("00") else _sub(vern, "a", "b")
                )
                out.authors.append(Author(vname or name, role, name))
                out.romanised.append(name)
            elif name:
                out.authors.append(Author(name, role))


def _marc21_publication(record: pymarc.Record, linked: dict, fixed: str, out: RecordFields) -> None:
    """Place, publisher (264 with second indicator 1, else 260) and year (008, else
    the publication date)."""
    pub = None
    for f in record.get_fields("264"):
        if f.indicator2 == "1":
            pub = f
            break
    pub = pub or _first(record, "260")
    if pub is not None:
        vern = _vernacular(pub, linked)
        source = vern if vern is not None else pub
        out.place = _sub(source, "a", sep=" ; ")
        out.publisher = _sub(source, "b", sep=" ; ")
        if vern is not None:
            out.romanised.append(_sub(pub, "b"))
    date1 = fixed[7:11] if len(fixed) >= 11 else ""
    out.year = _year(date1 if date1.isdigit() else "", pub.get("c") if pub is not None else "")


def _marc21_subjects(
    record: pymarc.Record, linked: dict[str, pymarc.Field], out: RecordFields
) -> None:
    """Subject headings (6XX), each once."""
    for tag in ("600", "610", "611", "630", "650", "651", "655"):
        for f in record.get_fields(tag):
            vern = _vernacular(f, linked)
            subject = _sub(
                vern if vern is not None else f, "a", "b", "t", "v", "x", "y", "z", sep=" -- "
            )
            if subject and subject not in out.subjects:
                out.subjects.append(subject)


def _marc21_holdings(record: pymarc.Record) -> list[Holding]:
    holdings: list[Holding] = []
    for f in record.get_fields("952"):  # Koha
        if barcode := clean(f.get("p")):
            holdings.append(
                Holding(
                    barcode=barcode,
                    library_code=clean(f.get("a")),
                    location_code=clean(f.get("b")),
                    shelf_location=clean(f.get("c")),
                    call_number=clean(f.get("o")),
                    item_type=clean(f.get("y")),
                    price=_price(f.get("g") or ""),
                    acquired_on=clean(f.get("d")),
                )
            )
    for f in record.get_fields("852"):
        if barcode := clean(f.get("p")):
            holdings.append(
                Holding(
                    barcode=barcode,
                    library_code=clean(f.get("a") or f.get("b")),
                    shelf_location=clean(f.get("c")),
                    call_number=_sub(f, "h", "i"),
                )
            )
    return holdings


def extract_unimarc(record: pymarc.Record) -> RecordFields:
    out = RecordFields(flavour=MarcFlavour.UNIMARC)
    out.control_number = _control(record, "001")
    out.material_type = _material(str(record.leader))

    if (f200 := _first(record, "200")) is not None:
        titles = [s.value for s in f200.subfields if s.code == "a" and s.value]
        title = " ".join(clean(t) for t in titles)
        if other := _sub(f200, "e"):
            title = f"{title}：{other}"
        if part := _sub(f200, "h", "i"):
            title = f"{title} {part}"
        out.title = clean(title)
        out.parallel_title = _sub(f200, "d")
        out.responsibility = _sub(f200, "f", "g", sep="；")

    for tag in ("700", "701", "702", "710", "711", "712", "720", "721"):
        for f in record.get_fields(tag):
            name = _sub(f, "a", "b", sep=" " if not _has_han_name(f) else "")
            if not name:
                continue
            role = _UNIMARC_ROLES.get(
                clean(f.get("4")), "contributor" if tag[2] == "2" else "author"
            )
            out.authors.append(Author(name, role))

    pub = _first(record, "210") or _first(record, "214")
    if pub is not None:
        out.place = _sub(pub, "a", sep=" ; ")
        out.publisher = _sub(pub, "c", sep=" ; ")
    general = ""
    if (f100 := _first(record, "100")) is not None:
        general = f100.get("a") or ""
    out.year = _year(
        general[9:13] if general[9:13].isdigit() else "", pub.get("d") if pub is not None else ""
    )
    if (f205 := _first(record, "205")) is not None:
        out.edition = _sub(f205, "a")
    out.isbns = _isbns([f.get("a") or "" for f in record.get_fields("010")])
    for f in record.get_fields("010"):
        if (price := _price(f.get("d") or "")) is not None:
            out.price = price
            break
    if (f690 := _first(record, "690")) is not None:
        out.clc = clean(f690.get("a"))
    else:
        for f in record.get_fields("686"):
            if (f.get("2") or "").lower().startswith("clc"):
                out.clc = clean(f.get("a"))
                break
    for tag in ("600", "601", "605", "606", "607", "610"):
        for f in record.get_fields(tag):
            subject = _sub(f, "a", "b", "x", "y", "z", "j", sep=" -- ")
            if subject and subject not in out.subjects:
                out.subjects.append(subject)
    if (f101 := _first(record, "101")) is not None:
        out.language = (f101.get("a") or "").strip().lower()[:3]
    if (f225 := _first(record, "225")) is not None:
        out.series = _sub(f225, "a", "e", "h", "i", "v")
    elif (f410 := _first(record, "410")) is not None:
        out.series = _sub(f410, "a", "t")
    if (f330 := _first(record, "330")) is not None:
        out.summary = _sub(f330, "a")
    for f in record.get_fields(
        "905"
    ):  # CNMARC holdings as dp2 and other Chinese systems export them
        if barcode := clean(f.get("b")):
            out.holdings.append(
                Holding(
                    barcode=barcode,
                    library_code=clean(f.get("a")),
                    shelf_location=clean(f.get("c")),
                    call_number=_sub(f, "d", "e", sep="/"),
                )
            )
    return out


def _has_han_name(f: pymarc.Field) -> bool:
    value = f.get("a") or ""
    return any("\u4e00" <= ch <= "\u9fff" for ch in value)


def extract(record: pymarc.Record, flavour: str) -> RecordFields:
    return extract_unimarc(record) if flavour == MarcFlavour.UNIMARC else extract_marc21(record)
