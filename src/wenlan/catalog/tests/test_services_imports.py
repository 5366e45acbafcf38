import json

import pymarc
import pytest
from django.core.management import call_command
from django.db import connection

from wenlan.catalog.enums import ImportOutcome, ItemStatus
from wenlan.catalog.marc.writer import collection_end, collection_start, to_marcxml
from wenlan.catalog.models import IndexChange, Item, Record, RecordIsbn
from wenlan.catalog.search import catalog_index
from wenlan.catalog.services import imports as import_service
from wenlan.catalog.services.import_batches import BatchImporter
from wenlan.catalog.tests.factories import marc21
from wenlan.catalog.tests.test_marc import LC_CHI, iso2709_in
from wenlan.network.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _import(path, *args, capsys=None) -> dict:
    call_command("import-marc", str(path), *args)
    out = capsys.readouterr().out.strip().splitlines()
    return json.loads(out[-1])


def _write(tmp_path, name, *records) -> str:
    path = tmp_path / name
    path.write_bytes(b"".join(r.as_marc() for r in records))
    return path


def test_import_lc_chinese_file_then_again_changes_nothing(shared_data, capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = _import(shared_data / LC_CHI, capsys=capsys)
    assert first == {
        "created": 1480,
        "updated": 0,
        "merged": 20,
        "skipped": 0,
        "failed": 0,
        "items": 0,
        "indexed": 1480,
    }
    assert Record.objects.count() == 1480
    changes = IndexChange.objects.count()
    marc_before = dict(Record.objects.values_list("pk", "fingerprint"))
    second = _import(shared_data / LC_CHI, capsys=capsys)
    assert second == {
        "created": 0,
        "updated": 0,
        "merged": 0,
        "skipped": 1500,
        "failed": 0,
        "items": 0,
        "indexed": 0,
    }
    assert Record.objects.count() == 1480
    assert IndexChange.objects.count() == changes
    assert dict(Record.objects.values_list("pk", "fingerprint")) == marc_before
    record = Record.objects.get(control_number="00049912")
    assert record.title == "頭戴之硬盔" and record.title_romanised == "Tou dai zhi ying kui"
    assert catalog_index().searcher().num_docs == 1480


def test_bad_records_are_listed_in_the_failures_file_and_skipped(shared_data, capsys, tmp_path):
    failures = tmp_path / "failures.tsv"
    result = _import(
        shared_data / "marc-pymarc-tests/bad_records.mrc",
        "--failures",
        str(failures),
        capsys=capsys,
    )
    # the two readable records are the very same MARC (no control number): stored once
    assert result["created"] == 1 and result["failed"] == 7 and result["skipped"] == 1
    assert result["failures_file"] == str(failures)
    lines = failures.read_text().splitlines()
    assert lines[0] == "position\toffset\tcontrol_number\treason"
    assert [line.split("\t")[0] for line in lines[1:]] == ["2", "3", "4", "5", "6", "7", "9"]
    assert lines[1].endswith("bad leader: base address 99937 is not the end of the directory")
    assert Record.objects.count() == 1


def test_missing_title_is_a_failure_and_nothing_is_stored(capsys, tmp_path):
    good = marc21(title="活着", author="余华", isbn="9787506365437", control="a1")
    untitled = marc21(title="", author="无名", control="a2")
    untitled.remove_fields("245")
    path = _write(tmp_path, "two.mrc", untitled, good)
    result = _import(path, "--failures", str(tmp_path / "f.tsv"), capsys=capsys)
    assert result["created"] == 1 and result["failed"] == 1
    assert list(Record.objects.values_list("title", flat=True)) == ["活着"]
    assert "缺少题名" in (tmp_path / "f.tsv").read_text()


def test_worker_processes_import_what_one_process_does(shared_data, tmp_path):
    """Decoding in two worker processes keeps the file's order: the same records,
    the same failures at the same positions."""
    bad = (shared_data / "marc-pymarc-tests/bad_records.mrc").read_bytes()
    good = b"".join(
        marc21(title=f"书{n}", author="作者", control=f"w{n}").as_marc() for n in range(250)
    )
    path = tmp_path / "mixed.mrc"
    path.write_bytes(good + bad)
    report = import_service.catalog_import_file(path=path, workers=2)
    assert report.counts() == {
        "created": 251,
        "updated": 0,
        "merged": 0,
        "skipped": 1,
        "failed": 7,
        "items": 0,
    }
    assert [f.position - 250 for f in report.failures] == [2, 3, 4, 5, 6, 7, 9]
    assert Record.objects.filter(control_number__startswith="w").count() == 250
    assert IndexChange.objects.count() == 251


def test_a_record_refused_by_the_database_fails_alone(monkeypatch, tmp_path):
    """Another import takes a barcode between this batch's lookups and its insert:
    the batch's one-statement insert fails, the records are inserted one by one,
    and only the record with that copy fails, whole."""
    library = LibraryFactory(code="HZ")
    records = [
        marc21(title=f"书{n}", author="作者", control=f"r{n}", holdings=((f"HZ{n}", "HZ"),))
        for n in range(5)
    ]
    path = _write(tmp_path, "race.mrc", *records)
    original_load = BatchImporter.load

    def load_then_lose_a_barcode(self, batch):
        original_load(self, batch)
        other = Record.objects.create(title="别处", marc="<record/>", fingerprint="x" * 64)
        Item.objects.create(record=other, barcode="HZ3", library=library)

    monkeypatch.setattr(BatchImporter, "load", load_then_lose_a_barcode)
    report = import_service.catalog_import_file(path=path)
    assert (report.created, report.failed, report.items) == (4, 1, 4)
    assert [f.position for f in report.failures] == [4]
    assert not Record.objects.filter(control_number="r3").exists()
    assert sorted(
        Record.objects.filter(control_number__startswith="r").values_list(
            "control_number", flat=True
        )
    ) == ["r0", "r1", "r2", "r4"]
    assert Item.objects.get(barcode="HZ3").record.title == "别处"
    assert RecordIsbn.objects.count() == 0


def test_holdings_become_items_in_their_libraries(capsys, tmp_path):
    hz, sc = LibraryFactory(code="HZ"), LibraryFactory(code="SC")
    record = marc21(
        title="三体",
        author="刘慈欣",
        isbn="9787536692930",
        control="b1",
        holdings=(("HZ0001", "HZ"), ("SC0001", "SC"), ("XX0001", "NOPE")),
    )
    path = _write(tmp_path, "h.mrc", record)
    result = _import(path, "--failures", str(tmp_path / "f.tsv"), capsys=capsys)
    assert result["created"] == 1 and result["items"] == 2
    assert dict(Item.objects.values_list("barcode", "library__code")) == {
        "HZ0001": "HZ",
        "SC0001": "SC",
    }
    assert "XX0001" in (tmp_path / "f.tsv").read_text()
    # --library gives the unknown copy an owner
    again = _import(path, "--library", "HZ", capsys=capsys)
    assert again["items"] == 1 and again["updated"] == 1
    assert Item.objects.get(barcode="XX0001").library == hz
    assert Item.objects.filter(library=sc).count() == 1


def test_duplicates_merge_by_isbn_and_by_title_and_author(capsys, tmp_path):
    LibraryFactory(code="HZ")
    LibraryFactory(code="GS")
    a = marc21(
        title="活着",
        author="余华",
        isbn="7-5063-6543-X",
        control="lib1-1",
        holdings=(("HZ1", "HZ"),),
    )
    b = marc21(
        title="活着 /",
        author="余华.",
        isbn="9787506365437",
        control="lib2-9",
        holdings=(("GS1", "GS"),),
    )
    c = marc21(title="围城", author="钱锺书", control="lib1-2")
    d = marc21(title="圍城", author="錢鍾書", control="lib2-3")
    path = _write(tmp_path, "dups.mrc", a, b, c, d)
    result = _import(path, capsys=capsys)
    assert (result["created"], result["merged"]) == (2, 2)
    assert Record.objects.count() == 2
    alive = Record.objects.get(title="活着")
    assert sorted(alive.items.values_list("barcode", flat=True)) == ["GS1", "HZ1"]
    assert result["items"] == 2
    again = _import(path, capsys=capsys)
    assert again["skipped"] == 4 and again["merged"] == 0


def test_different_isbns_are_different_editions(capsys, tmp_path):
    a = marc21(title="红楼梦", author="曹雪芹", isbn="9787020002207", control="e1")
    b = marc21(title="红楼梦", author="曹雪芹", isbn="9787020105984", control="e2")
    result = _import(_write(tmp_path, "ed.mrc", a, b), capsys=capsys)
    assert result["created"] == 2


def test_changed_record_is_updated_in_place(capsys, tmp_path):
    _import(
        _write(tmp_path, "v1.mrc", marc21(title="三体", author="刘慈欣", control="u1", year=2008)),
        capsys=capsys,
    )
    result = _import(
        _write(tmp_path, "v2.mrc", marc21(title="三体", author="刘慈欣", control="u1", year=2010)),
        capsys=capsys,
    )
    assert result["updated"] == 1
    assert Record.objects.get().year == 2010


def test_a_crash_midway_leaves_whole_records_and_a_rerun_finishes(monkeypatch, capsys, tmp_path):
    LibraryFactory(code="HZ")
    records = [
        marc21(
            title=f"书{n}",
            author="作者",
            isbn="",
            control=f"c{n}",
            holdings=((f"HZ{n:04d}", "HZ"),),
        )
        for n in range(30)
    ]
    path = _write(tmp_path, "crash.mrc", *records)
    monkeypatch.setattr(import_service, "IMPORT_BATCH", 10)
    original = BatchImporter.store
    calls = {"n": 0}

    def dying_store(self, parsed):
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt  # the machine goes down mid-batch
        return original(self, parsed)

    monkeypatch.setattr(BatchImporter, "store", dying_store)
    with pytest.raises(KeyboardInterrupt):
        call_command("import-marc", str(path))
    assert Record.objects.count() == 20
    assert Item.objects.count() == 20  # every stored record has its copy: nothing half-stored
    monkeypatch.setattr(BatchImporter, "store", original)
    capsys.readouterr()
    result = _import(path, capsys=capsys)
    assert (result["created"], result["skipped"]) == (10, 20)
    assert Record.objects.count() == 30 and Item.objects.count() == 30


def test_unimarc_gbk_file_imports(shared_data, capsys, tmp_path):
    from wenlan.catalog.marc.reader import read_file

    sources = [
        r.record
        for r in read_file(shared_data / "cnmarc-dp2-sru/sample_unimarcxml.xml", fmt="marcxml")
    ]
    path = tmp_path / "gbk.iso"
    path.write_bytes(b"".join(iso2709_in(r, "gb18030") for r in sources))
    result = _import(path, "--format", "unimarc", "--encoding", "gb18030", capsys=capsys)
    assert result["failed"] == 0
    assert result["created"] + result["merged"] == 10
    record = Record.objects.get(title="'94中国发展报告")
    assert record.flavour == "unimarc" and record.clc == "F124" and record.clc_top == "F"
    assert RecordIsbn.objects.filter(record=record, isbn="9787503717444").exists()


def test_unimarc_is_told_by_its_tags_when_no_format_is_given(shared_data, tmp_path):
    from wenlan.catalog.marc.reader import read_file
    from wenlan.catalog.marc.writer import to_iso2709

    sources = [
        r.record
        for r in read_file(shared_data / "cnmarc-dp2-sru/sample_unimarcxml.xml", fmt="marcxml")
    ]
    path = tmp_path / "utf8.iso"
    path.write_bytes(b"".join(to_iso2709(r) for r in sources))
    report = import_service.catalog_import_file(path=path)
    assert report.failed == 0 and report.created + report.merged == 10
    assert set(Record.objects.values_list("flavour", flat=True)) == {"unimarc"}
    assert Record.objects.filter(title="'94中国发展报告", clc="F124").exists()


def test_marcxml_file_imports(shared_data, capsys):
    result = _import(shared_data / "marc-pymarc-tests/batch.xml", capsys=capsys)
    assert result["created"] == 2 and result["failed"] == 0


def test_unknown_library_code_is_refused(capsys, tmp_path):
    from django.core.management.base import CommandError

    path = _write(tmp_path, "x.mrc", marc21(title="x"))
    with pytest.raises(CommandError):
        call_command("import-marc", str(path), "--library", "NOWHERE")


def test_record_import_service_outcomes():
    first = import_service.record_import(marc=marc21(title="三体", author="刘慈欣", control="s1"))
    again = import_service.record_import(marc=marc21(title="三体", author="刘慈欣", control="s1"))
    assert (first.outcome, again.outcome) == (ImportOutcome.CREATED, ImportOutcome.SKIPPED)
    assert Item.objects.filter(status=ItemStatus.AVAILABLE).count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_committed_import_from_another_process(capsys, tmp_path):
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the follower process needs a database it can open itself (PostgreSQL)")
    records = [marc21(title=f"书{n}", author="作者", control=f"f{n}") for n in range(50)]
    result = _import(_write(tmp_path, "follow.mrc", *records), capsys=capsys)
    assert result["created"] == 50 and result["indexed"] >= 50
    assert catalog_index().searcher().num_docs == 50


@pytest.mark.postgres
def test_an_import_into_a_new_catalog_gives_postgresql_its_statistics(monkeypatch, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (set DATABASE_URL)")
    monkeypatch.setattr(import_service, "STATISTICS_AT_LEAST", 20)
    monkeypatch.setattr(import_service, "IMPORT_BATCH", 10)
    records = [marc21(title=f"第{n}卷", author="佚名", control=f"s{n}") for n in range(60)]
    import_service.catalog_import_file(path=_write(tmp_path, "s.mrc", *records))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalog_record'")
        counted = cursor.fetchone()[0]
    assert counted >= 40  # gathered at 20 and at 40 records (-1: never)


def test_a_directory_that_does_not_match_its_data_is_refused(capsys, tmp_path):
    good = marc21(title="活着", author="余华", control="d1")
    data = marc21(title="许三观卖血记", author="余华", control="d2").as_marc()
    base = int(data[12:17])
    entries = [data[24 + i : 36 + i] for i in range(0, base - 25, 12)]
    tags = [e[:3] for e in entries]
    author = tags.index(b"100")
    assert tags[author + 1] == b"245"
    length, position = int(entries[author][3:7]), int(entries[author][7:12])
    swallowed = length + int(entries[author + 1][3:7])
    # 100 said to run on into 245: pymarc reads an author that swallowed the title.
    entry = b"100" + b"%04d" % swallowed + b"%05d" % position
    broken = data[: 24 + 12 * author] + entry + data[36 + 12 * author :]
    assert "许三观卖血记" in pymarc.Record(data=broken, force_utf8=True)["100"].value()
    path = tmp_path / "two.mrc"
    path.write_bytes(broken + good.as_marc())
    result = _import(path, "--failures", str(tmp_path / "f.tsv"), capsys=capsys)
    assert (result["created"], result["failed"]) == (1, 1)
    assert list(Record.objects.values_list("title", flat=True)) == ["活着"]
    reason = (tmp_path / "f.tsv").read_text().splitlines()[1].split("\t")[3]
    assert reason == (
        f"directory entry {author + 1} (100) says {swallowed} bytes at {position},"
        " which covers more than one field"
    )


def test_fields_and_records_too_long_for_iso2709_are_refused(capsys, tmp_path):
    long_field = marc21(title="长字段", control="x1")
    long_field.add_field(
        pymarc.Field(
            tag="520", indicators=[" ", " "], subfields=[pymarc.Subfield("a", "摘" * 3400)]
        )
    )
    long_record = marc21(title="长记录", control="x2")
    for _ in range(12):
        long_record.add_field(
            pymarc.Field(
                tag="505", indicators=[" ", " "], subfields=[pymarc.Subfield("a", "目" * 3000)]
            )
        )
    path = tmp_path / "long.xml"
    path.write_text(
        collection_start()
        + "".join(
            to_marcxml(r) for r in (long_field, long_record, marc21(title="短", control="x3"))
        )
        + collection_end(),
        encoding="utf-8",
    )
    result = _import(path, "--failures", str(tmp_path / "f.tsv"), capsys=capsys)
    assert (result["created"], result["failed"]) == (1, 2)
    assert list(Record.objects.values_list("title", flat=True)) == ["短"]
    reasons = [line.split("\t")[3] for line in (tmp_path / "f.tsv").read_text().splitlines()[1:]]
    assert reasons == [
        "字段 520 长 10205 字节，超过 ISO 2709 允许的 9999 字节。",
        "记录长 108339 字节，超过 ISO 2709 允许的 99999 字节。",
    ]
