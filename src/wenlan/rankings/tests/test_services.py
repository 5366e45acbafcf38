import io
import zipfile

import pytest
from django.core.management import call_command

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.errors import PermissionDeniedError
from wenlan.rankings.models import FeedPart, FeedUpload, Work, WorkIsbn
from wenlan.rankings.services import feed_upload
from wenlan.rankings.tests.factories import FeedSourceFactory, loans_csv, ranked_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.WENLAN_ANALYTICS_URI = str(tmp_path / "analytics")


def _upload(source, data: bytes, name="feed.csv", actor=SYSTEM):
    return feed_upload(
        actor=actor, source_code=source.code, stream=io.BytesIO(data), file_name=name
    )


def test_good_and_bad_rows_are_reported_and_good_ones_loaded():
    source = FeedSourceFactory()
    rows = ranked_world()
    rows.append(("L9", "P1", "2026-01", "9787506365438", "坏书", "某", 5, 1, "I"))
    rows.append(("L9", "P1", "2026-01", "9787020002207", "书", "某", -5, 1, "I"))
    rows.append(rows[0])
    report = _upload(source, loans_csv(rows))
    assert (report.accepted, report.rejected, report.replaced) == (11, 3, 0)
    assert [e["row"] for e in report.errors] == [13, 14, 15]
    assert "ISBN" in report.errors[0]["reason"] and "重复" in report.errors[2]["reason"]
    # 三体 in two editions is one work with both ISBNs.
    santi = Work.objects.get(title="三体")
    assert sorted(WorkIsbn.objects.filter(work=santi).values_list("isbn", flat=True)) == [
        "9787229030933",
        "9787536692930",
    ]
    assert santi.category == "literature"
    upload = FeedUpload.objects.get()
    assert upload.status == "loaded" and upload.stored_path


def test_reupload_replaces_the_period_whole():
    source = FeedSourceFactory()
    _upload(source, loans_csv(ranked_world()))
    report = _upload(source, loans_csv(ranked_world()[:3]))
    assert report.replaced == 11 and report.accepted == 3
    current = FeedPart.objects.filter(current=True)
    assert [(p.period, p.rows) for p in current] == [("2026-01", 3)]


def test_wrong_header_is_refused_and_changes_nothing():
    source = FeedSourceFactory()
    _upload(source, loans_csv(ranked_world()))
    report = _upload(source, b"lib,when,what\n1,2,3\n")
    assert report.refused and "library_code" in report.message
    assert FeedPart.objects.filter(current=True).get().rows == 11


def test_nonsense_stops_at_the_error_limit(settings):
    settings.WENLAN_RANKINGS_MAX_ERRORS = 5
    source = FeedSourceFactory()
    junk = loans_csv([]) + b"garbage line\n" * 100_000
    report = _upload(source, junk)
    assert report.refused and report.rejected == 5 and "第 6 行" in report.message
    assert not FeedPart.objects.exists()


def test_size_cap(settings):
    settings.WENLAN_RANKINGS_MAX_UPLOAD_MB = 1
    source = FeedSourceFactory()
    row = "L1,P,2026-01,,书,某,1,1,I\n"
    junk = loans_csv([]) + b"".join(row.replace("书", f"书{n}").encode() for n in range(60_000))
    report = _upload(source, junk)
    assert report.refused and "MB" in report.message
    assert not FeedPart.objects.exists()


def test_zip_bomb_xlsx_is_refused():
    source = FeedSourceFactory()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    report = _upload(source, buffer.getvalue(), name="feed.xlsx")
    assert report.refused and "压缩炸弹" in report.message


def test_xlsx_feed_loads():
    import openpyxl

    source = FeedSourceFactory()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["library_code", "province", "period", "isbn", "title", "author", "loans", "readers", "clc"]
    )
    for row in ranked_world():
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    report = _upload(source, buffer.getvalue(), name="feed.xlsx")
    assert report.accepted == 11 and report.rejected == 0


def test_json_lines_feed_loads():
    import json

    source = FeedSourceFactory()
    keys = [
        "library_code",
        "province",
        "period",
        "isbn",
        "title",
        "author",
        "loans",
        "readers",
        "clc",
    ]
    data = "".join(
        json.dumps(dict(zip(keys, r, strict=True)), ensure_ascii=False) + "\n"
        for r in ranked_world()
    )
    report = _upload(source, data.encode(), name="feed.jsonl")
    assert report.accepted == 11


def test_a_source_uploads_only_its_own_feed():
    mine, other = FeedSourceFactory(), FeedSourceFactory()
    user = staff_with_role(Role.RANKING_SOURCE, partner=mine.partner)
    assert _upload(mine, loans_csv(ranked_world()), actor=user).accepted == 11
    with pytest.raises(PermissionDeniedError):
        _upload(other, loans_csv(ranked_world()), actor=user)
    assert FeedUpload.objects.count() == 1


def test_load_command_prints_a_json_report(tmp_path, capsys):
    source = FeedSourceFactory()
    path = tmp_path / "feed.csv"
    path.write_bytes(loans_csv(ranked_world()))
    call_command("rankings", "load", str(path), "--kind", "loans", "--source", source.code)
    import json

    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (last["accepted"], last["rejected"], last["replaced"], last["errors"]) == (11, 0, 0, [])
