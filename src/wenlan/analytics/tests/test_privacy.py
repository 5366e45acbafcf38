"""No file of the export says who a reader is: after the demo (its readers' loans,
returns, holds and event places), every cell of every file is read back and
compared with every reader's card number, name, phone, e-mail and id; and the
rule that a published figure covers at least ten readers."""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from wenlan.analytics.policies import suppress_small_cells
from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import pseudonym_of
from wenlan.patrons.models import Reader


def _tables(store: Store) -> list[pa.Table]:
    manifest = store.current_manifest()
    return [
        pq.read_table(store.path(f["path"]))
        for state in manifest.datasets.values()
        for f in state.files
    ]


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_export_holds_no_card_number_name_or_reader_id(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo")
    store = Store(settings.WENLAN_ANALYTICS_URI)
    readers = list(Reader.objects.all())
    secrets_ = {
        value
        for r in readers
        for value in (r.card_number, r.name, r.phone, r.email, str(r.pk), str(r.user_id))
        if value and value != "None"
    }
    by_pseudonym = {pseudonym_of(r): r for r in readers if r.allow_analytics}
    tables = _tables(store)
    assert sum(t.num_rows for t in tables) > 0
    raw = b"".join(
        Path(store.path(f["path"])).read_bytes()
        for state in store.current_manifest().datasets.values()
        for f in state.files
    )
    for table in tables:
        assert not {"reader_id", "card_number", "name", "phone"} & set(table.column_names)
        rows = table.to_pylist()
        for row in rows:
            for value in row.values():
                if isinstance(value, str):
                    assert value not in secrets_
        # No integer column carries the reader's id beside their pseudonym.
        # (A dataset of copies, not of readers, has no pseudonym column.)
        known = [(row, by_pseudonym[row["reader_pseudonym"]]) for row in rows
                 if row.get("reader_pseudonym") in by_pseudonym]  # fmt: skip
        for name in table.column_names:
            if pa.types.is_integer(table.schema.field(name).type) and len(known) >= 3:
                assert not all(row[name] == reader.pk for row, reader in known), name
    for reader in readers:
        assert reader.card_number.encode() not in raw and reader.name.encode() not in raw

    pointer = store.current_export_id()
    call_command("demo")  # idempotent: nothing new, the same export
    assert store.current_export_id() == pointer


def test_small_cells_are_suppressed():
    rows = [
        {"month": "2026-03", "readers": 10, "loans": 40},
        {"month": "2026-04", "readers": 9, "loans": 90},
        {"month": "2026-05", "readers": None, "loans": 1},
        {"month": "2026-06", "readers": 0, "loans": 0},
    ]
    kept = suppress_small_cells(rows, "readers")
    assert kept.rows == [rows[0]] and kept.suppressed == 3 and kept.minimum == 10
    assert suppress_small_cells(rows, "readers", minimum=9).rows == rows[:2]


def test_the_minimum_is_a_setting(settings):
    settings.WENLAN_ANALYTICS_MIN_READERS = 2
    assert suppress_small_cells([{"r": 2}, {"r": 1}], "r").rows == [{"r": 2}]
