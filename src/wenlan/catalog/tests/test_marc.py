"""Reading and field extraction on the real MARC files in ../shared/data."""

import pymarc
import pytest

from wenlan.catalog.enums import MarcFlavour, MaterialType
from wenlan.catalog.marc.fields import extract
from wenlan.catalog.marc.reader import detect_flavour, read_file, record_from_marcxml, split_file
from wenlan.catalog.marc.writer import RecordTooLongError, to_iso2709, to_marcxml

LC_CHI = "marc21-lc-booksall-2016-sample/BooksAll.2016.part01.chi-with-880.utf8.mrc"


def _records(path, **kwargs):
    return [r for r in read_file(path, **kwargs)]


def test_lc_chinese_records_show_the_880_script_and_keep_the_romanised(shared_data):
    results = _records(shared_data / LC_CHI)
    assert len(results) == 1500 and all(r.record is not None for r in results)
    fields = extract(results[0].record, MarcFlavour.MARC21)
    assert fields.control_number == "00049912"
    assert fields.title == "頭戴之硬盔"
    assert fields.title_romanised == "Tou dai zhi ying kui"
    assert fields.authors[0].name == "吳正德" and fields.authors[0].romanised == "Wu, Zhengde"
    assert fields.publisher == "財團法人李天禄布袋戲文敎基金會"
    assert fields.year == 1998
    assert fields.isbns == ["9789579823104"]
    assert fields.language == "chi"
    assert fields.series.startswith("李天禄布袋戲叢書")


def test_cnmarc_fields_title_publication_isbn_and_clc(shared_data):
    results = _records(shared_data / "cnmarc-dp2-sru/sample_unimarcxml.xml", fmt="marcxml")
    assert len(results) == 10
    record = results[0].record
    assert detect_flavour(record) == MarcFlavour.UNIMARC
    fields = extract(record, MarcFlavour.UNIMARC)
    assert fields.title == "'94中国发展报告"
    assert fields.responsibility == "国家统计局编"
    assert fields.publisher == "中国统计出版社" and fields.place == "北京"
    assert fields.year == 1994
    assert fields.isbns == ["9787503717444"]
    assert fields.clc == "F124"
    assert str(fields.price) == "68.00"
    assert "经济发展 -- 概况 -- 中国 -- 1994" in fields.subjects


def test_cnmarc_namespace_reads_like_unimarc_xml(shared_data):
    cn = _records(shared_data / "cnmarc-dp2-sru/sample_cnmarcxml.xml", fmt="marcxml")
    uni = _records(shared_data / "cnmarc-dp2-sru/sample_unimarcxml.xml", fmt="marcxml")
    assert [extract(r.record, "unimarc").title for r in cn] == [
        extract(r.record, "unimarc").title for r in uni
    ]


def test_broken_records_are_reported_with_position_and_the_rest_read(shared_data):
    results = _records(shared_data / "marc-pymarc-tests/bad_records.mrc")
    good = [r for r in results if r.record is not None]
    bad = [r for r in results if r.record is None]
    assert len(good) == 2 and len(bad) == 7
    assert [r.position for r in bad] == [2, 3, 4, 5, 6, 7, 9]
    assert all(r.error for r in bad)


def test_split_gives_each_record_with_its_byte_offset(shared_data):
    """The file is read a megabyte at a time: records that straddle the chunks
    come out whole, at their offsets."""
    path = shared_data / LC_CHI
    data = path.read_bytes()
    assert len(data) > 1 << 20
    raws = list(split_file(path, fmt="marc21"))
    assert len(raws) == 1500 == data.count(b"\x1d")
    assert [r.position for r in raws] == list(range(1, 1501))
    assert all(data[r.offset : r.offset + len(r.data)] == r.data for r in raws)
    assert b"".join(r.data for r in raws) == data


def test_invalid_utf8_is_a_reported_failure(shared_data):
    [result] = _records(shared_data / "marc-pymarc-tests/utf8_invalid.mrc")
    assert result.record is None and "encoding" in result.error


def test_marc8_is_converted(shared_data):
    [result] = _records(shared_data / "marc-pymarc-tests/marc8.dat")
    assert extract(result.record, "marc21").title == "Escape from loneliness"


def test_cp1251_with_explicit_encoding(shared_data):
    results = _records(shared_data / "marc-pymarc-tests/1251.dat", encoding="cp1251")
    titles = [extract(r.record, "marc21").title for r in results if r.record is not None]
    assert titles and any(any("\u0400" <= ch <= "\u04ff" for ch in t) for t in titles)


def test_material_types_from_the_leader(shared_data):
    jazz = _records(shared_data / "marc21-evergreen/jazz_1k.mrc")
    kinds = {extract(r.record, "marc21").material_type for r in jazz[:200] if r.record}
    assert MaterialType.SOUND in kinds
    maps = _records(shared_data / "marc21-evergreen/map_data.mrc")
    assert {extract(r.record, "marc21").material_type for r in maps if r.record} == {
        MaterialType.MAP
    }


def test_marcxml_round_trip_is_lossless(shared_data):
    for result in _records(shared_data / LC_CHI)[:50]:
        original = result.record
        again = record_from_marcxml(to_marcxml(original))
        assert str(again.leader) == str(original.leader)
        assert [(f.tag, str(f)) for f in again.fields] == [(f.tag, str(f)) for f in original.fields]


def test_iso2709_export_reads_back(shared_data):
    result = _records(shared_data / LC_CHI)[0]
    data = to_iso2709(record_from_marcxml(to_marcxml(result.record)))
    again = pymarc.Record(data=data, force_utf8=True)
    assert again["880"]["a"] == "吳正德."
    assert again["245"]["a"] == result.record["245"]["a"]


def test_gbk_unimarc_iso2709_is_read(tmp_path, shared_data):
    """Chinese systems export CNMARC in GBK: the same record written in GB18030."""
    source = _records(shared_data / "cnmarc-dp2-sru/sample_unimarcxml.xml", fmt="marcxml")[0].record
    path = tmp_path / "gbk.iso"
    path.write_bytes(iso2709_in(source, "gb18030"))
    [result] = _records(path, fmt="unimarc")
    assert result.record is not None, result.error
    assert extract(result.record, "unimarc").title == "'94中国发展报告"
    [explicit] = _records(path, fmt="unimarc", encoding="gbk")
    assert extract(explicit.record, "unimarc").publisher == "中国统计出版社"


def iso2709_in(record: pymarc.Record, encoding: str) -> bytes:
    """ISO 2709 with lengths counted in bytes of `encoding`."""
    directory, data, position = b"", b"", 0
    for f in record.fields:
        if f.is_control_field():
            body = f.data.encode(encoding) + b"\x1e"
        else:
            body = (
                (f.indicator1 + f.indicator2).encode()
                + b"".join(
                    b"\x1f" + s.code.encode() + s.value.encode(encoding) for s in f.subfields
                )
                + b"\x1e"
            )
        directory += f"{f.tag}{len(body):04d}{position:05d}".encode()
        data += body
        position += len(body)
    directory += b"\x1e"
    base = 24 + len(directory)
    total = base + len(data) + 1
    leader = f"{total:05d}nam0 22{base:05d}   450 ".encode()
    return leader + directory + data + b"\x1d"


@pytest.mark.parametrize("payload", [b"", b"   \n", b"00000", b"<not xml", b"\x1d\x1d\x1d"])
def test_garbage_files_do_not_crash_the_reader(tmp_path, payload):
    path = tmp_path / "junk.mrc"
    path.write_bytes(payload)
    results = _records(path)
    assert all(r.record is None for r in results)


def _huge_record() -> pymarc.Record:
    record = pymarc.Record(force_utf8=True, leader="00000nam a2200000 a 4500")
    record.add_field(pymarc.Field(tag="001", data="huge1"))
    record.add_field(
        pymarc.Field(tag="245", indicators=["1", "0"], subfields=[pymarc.Subfield("a", "长书")])
    )
    notes = [pymarc.Subfield("a", "注" * 2000), pymarc.Subfield("b", "释" * 4000)]
    record.add_field(pymarc.Field(tag="505", indicators=["0", " "], subfields=notes))
    return record


def test_a_field_too_long_for_iso2709_is_split_and_the_leader_is_right():
    record = _huge_record()
    data = to_iso2709(record)
    assert len(data) == int(data[:5]) < 100_000
    again = pymarc.Record(data=data, force_utf8=True)
    parts = again.get_fields("505")
    assert [(len(f.as_marc(encoding="utf-8")) <= 9_999) for f in parts] == [True, True, True]
    assert "".join(s.value for f in parts for s in f.subfields if s.code == "a") == "注" * 2000
    assert "".join(s.value for f in parts for s in f.subfields if s.code == "b") == "释" * 4000
    assert again["245"]["a"] == "长书" and again["001"].data == "huge1"


def test_a_record_too_long_for_iso2709_is_not_written():
    record = _huge_record()
    for _ in range(6):
        record.add_field(
            pymarc.Field(
                tag="500", indicators=[" ", " "], subfields=[pymarc.Subfield("a", "长" * 6000)]
            )
        )
    with pytest.raises(RecordTooLongError):
        to_iso2709(record)
