"""No file of the demo's analytics export says who a reader is: every cell of every
file is read back and compared with every reader's card number, name, phone, e-mail
and id; no column holds a birth year (the circulation has the age band only)."""

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from wenlan.analytics.storage import Store
from wenlan.analytics.tests.factories import pseudonym_of
from wenlan.patrons.enums import AgeBand
from wenlan.patrons.models import Reader

pytestmark = pytest.mark.django_db


def _tables(store: Store) -> list[pa.Table]:
    manifest = store.current_manifest()
    return [
        pq.read_table(store.path(f["path"]))
        for state in manifest.datasets.values()
        for f in state.files
    ]


def test_the_demo_export_holds_no_card_number_name_or_reader_id(whole_demo, settings):
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
    bands: set[str] = set()
    assert sum(t.num_rows for t in tables) > 0
    raw = b"".join(
        Path(store.path(f["path"])).read_bytes()
        for state in store.current_manifest().datasets.values()
        for f in state.files
    )
    for table in tables:
        assert not {"reader_id", "card_number", "name", "phone"} & set(table.column_names)
        # The age band, never the birth year (a quasi-identifier beside the dates).
        assert not {"birth_year", "age", "birth_date"} & set(table.column_names)
        if "age_band" in table.column_names:
            bands.update(table.column("age_band").to_pylist())
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
    # The demo's readers are children to the elderly, some without a birth year.
    assert bands == set(AgeBand.values)
    for reader in readers:
        assert reader.card_number.encode() not in raw and reader.name.encode() not in raw

    pointer = store.current_export_id()
    call_command("demo", stdout=io.StringIO())  # idempotent: nothing new, the same export
    assert store.current_export_id() == pointer
