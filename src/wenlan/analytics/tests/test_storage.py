"""The store: manifests round-trip, the pointer is replaced whole, files are listed
relative to the root; and what `export_status` reports."""

import pyarrow as pa
import pytest

from wenlan.analytics.errors import ManifestDamagedError
from wenlan.analytics.selectors import export_status
from wenlan.analytics.storage import DatasetFiles, Manifest, Store


def _manifest(export_id: str, rows: int) -> Manifest:
    return Manifest(
        export_id=export_id,
        created_at="2026-07-01T01:00:00+00:00",
        previous=None,
        datasets={
            "circulation": DatasetFiles(
                files=[
                    {"path": "circulation/month=2026-06/library=1/part-x-1.parquet", "rows": rows}
                ],  # fmt: skip
                watermark={"last_id": rows},
            )
        },
    )


def test_a_manifest_round_trips_and_the_pointer_moves_whole(tmp_path):
    store = Store(str(tmp_path / "a"))
    assert store.current_manifest() is None and store.current_export_id() is None
    store.manifest_write(_manifest("20260701T010000Z-aaaaaa", 5))
    assert store.current_manifest() is None  # written, not yet pointed at
    store.pointer_write("20260701T010000Z-aaaaaa")
    manifest = store.current_manifest()
    assert manifest == _manifest("20260701T010000Z-aaaaaa", 5)
    assert manifest.dataset("circulation").rows == 5
    assert manifest.dataset("event_attendance") == DatasetFiles()
    store.manifest_write(_manifest("20260701T020000Z-bbbbbb", 9))
    store.pointer_write("20260701T020000Z-bbbbbb")
    assert store.current_manifest().dataset("circulation").rows == 9
    assert store.files_under("") == [
        "CURRENT",
        "_manifests/20260701T010000Z-aaaaaa.json",
        "_manifests/20260701T020000Z-bbbbbb.json",
    ]  # no temporary pointer left behind


def test_files_are_written_and_removed_relative_to_the_root(tmp_path):
    store = Store(f"file://{tmp_path}/b/")
    schema = pa.schema([pa.field("n", pa.int64())])
    writer = store.writer("d/month=2026-01/library=0/part-1.parquet", schema)
    writer.write_table(pa.table({"n": [1, 2]}, schema=schema))
    writer.close()
    assert store.files_under("d") == ["d/month=2026-01/library=0/part-1.parquet"]
    assert store.url("d/x.parquet") == f"{tmp_path}/b/d/x.parquet"
    store.delete("d/month=2026-01/library=0/part-1.parquet")
    store.delete("d/month=2026-01/library=0/part-1.parquet")  # already gone: fine
    assert store.files_under("d") == [] and store.files_under("nothing") == []


def test_export_status_reports_the_current_export(tmp_path):
    store = Store(str(tmp_path / "c"))
    assert export_status(store=store).export_id is None
    store.manifest_write(_manifest("20260701T010000Z-aaaaaa", 5))
    store.pointer_write("20260701T010000Z-aaaaaa")
    status = export_status(store=store)
    assert (status.export_id, status.rows, status.files) == (
        "20260701T010000Z-aaaaaa", {"circulation": 5}, {"circulation": 1},
    )  # fmt: skip


def test_a_missing_or_damaged_manifest_is_a_clear_error(tmp_path):
    store = Store(str(tmp_path / "d"))
    store.pointer_write("20260701T010000Z-aaaaaa")
    with pytest.raises(ManifestDamagedError):
        store.current_manifest()
    (tmp_path / "d" / "_manifests").mkdir()
    (tmp_path / "d" / "_manifests" / "20260701T010000Z-aaaaaa.json").write_text("{not json")
    with pytest.raises(ManifestDamagedError):
        store.current_manifest()
