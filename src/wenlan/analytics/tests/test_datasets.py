"""The datasets' schemas and how a batch of rows is split into partitions."""

import pyarrow as pa

from wenlan.analytics.datasets import CIRCULATION, DATASETS, EVENT_ATTENDANCE, Batch


def test_no_dataset_has_a_column_that_names_a_reader():
    for dataset in DATASETS.values():
        names = set(dataset.schema.names)
        assert not names & {"reader_id", "card_number", "name", "phone", "email"}
        # Transits and the collection are about copies: no reader at all.
        if dataset.name not in ("transits", "collection"):
            assert "reader_pseudonym" in names
        assert dataset.schema_with_partitions.names[-2:] == ["month", "library"]
    assert set(DATASETS) == {"circulation", "event_attendance", "holds", "transits", "collection"}
    assert EVENT_ATTENDANCE.schema.field("attended").type == pa.bool_()


def _columns(n: int) -> dict[str, list]:
    columns = {name: [None] * n for name in CIRCULATION.schema.names}
    columns["id"] = list(range(1, n + 1))
    return columns


def test_a_batch_is_split_by_partition_keeping_the_rows_order():
    keys = [("2026-03", 1), ("2026-04", 2), ("2026-03", 1), ("2026-03", 0)]
    batch = Batch.of(CIRCULATION, keys, _columns(4))
    assert batch.rows == 4
    assert {key: t.column("id").to_pylist() for key, t in batch.partitions.items()} == {
        ("2026-03", 1): [1, 3], ("2026-04", 2): [2], ("2026-03", 0): [4],
    }  # fmt: skip
    one = Batch.of(CIRCULATION, [("2026-05", 3)] * 2, _columns(2))
    assert list(one.partitions) == [("2026-05", 3)]
    assert one.partitions[("2026-05", 3)].schema == CIRCULATION.schema
