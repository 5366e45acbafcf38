"""Export ids sort in time order and never go back; partition and file names."""

import datetime as dt

from wenlan.analytics import policies

AT = dt.datetime(2026, 3, 31, 16, 30, 5, tzinfo=dt.UTC)


def test_export_ids_are_utc_time_then_letters_and_always_grow():
    first = policies.export_id_for(at=AT, token="abc123")
    assert first == "20260331T163005Z-abc123" and policies.EXPORT_ID.match(first)
    assert (
        policies.export_id_next(at=AT, token="ffffff", previous=None) == "20260331T163005Z-ffffff"
    )
    # Same second, or a clock set back: one second after the previous id.
    assert policies.export_id_next(at=AT, token="000000", previous=first) == (
        "20260331T163006Z-000000"
    )
    earlier = AT - dt.timedelta(days=1)
    assert policies.export_id_next(at=earlier, token="000001", previous=first) > first
    later = AT + dt.timedelta(minutes=1)
    assert policies.export_id_next(at=later, token="000002", previous=first) == (
        "20260331T163105Z-000002"
    )


def test_months_are_local_and_partitions_are_hive_directories():
    local = AT.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert policies.month_of(local) == "2026-04"  # 00:30 on 1 April in Hangzhou
    assert policies.partition_dir(dataset="circulation", month="2026-04", library=3) == (
        "circulation/month=2026-04/library=3"
    )
    name = policies.part_file_name(export_id="20260331T163005Z-abc123", n=7)
    assert name == "part-20260331T163005Z-abc123-7.parquet"
    assert policies.export_id_of_file(f"circulation/month=2026-04/library=3/{name}") == (
        "20260331T163005Z-abc123"
    )
    assert policies.export_id_of_file("circulation/notes.txt") is None
