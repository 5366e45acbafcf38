"""Circulation's notices move into the notices app with the values their text needs."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("catalog", "0002_item_status_missing"),
    ("circulation", "0003_hold_pull_library_policy_renewal_base"),
    ("notices", "0001_notice"),
]
AFTER = [("circulation", "0004_notice_moved_to_notices_app")]


def test_circulation_notices_are_moved_with_their_text_values():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    now = timezone.now()
    _circulation_notices_made(executor.loader.project_state(BEFORE).apps, now=now)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = list(
        new.get_model("notices", "Notice")
        .objects.order_by("kind")
        .values_list("kind", "key", "params", "link", "emailed_at", "read_at")
    )
    assert moved == [
        ("due_soon", "loan:1", {"title": "红楼梦", "due": "2026-12-01"}, "/me/loans/", now, None),
        (
            "hold_ready",
            "hold:1",
            {
                "title": "红楼梦",
                "library": {"zh-hans": "西湖分馆", "en": "West Lake"},
                "until": "2026-12-02",
            },
            "/me/holds/",
            None,
            now,
        ),
    ]
    assert "circulation_notice" not in connection.introspection.table_names()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _circulation_notices_made(old, *, now) -> None:
    """A reader with a loan due soon and a hold ready, each with its notice in
    circulation's own table, as they were before the move."""
    Library = old.get_model("network", "Library")
    Record = old.get_model("catalog", "Record")
    Reader = old.get_model("patrons", "Reader")
    Hold = old.get_model("circulation", "Hold")
    Item = old.get_model("catalog", "Item")
    Loan = old.get_model("circulation", "Loan")
    Notice = old.get_model("circulation", "Notice")
    library = Library.objects.create(
        code="WEST", name_zh="西湖分馆", name_en="West Lake", kind="branch"
    )
    record = Record.objects.create(
        flavour="marc21", marc="<record/>", fingerprint="f", title="红楼梦"
    )
    item = Item.objects.create(
        record=record,
        barcode="B1",
        library=library,
        location=library,
        item_type="book",
        status="on_loan",
        due_on=dt.date(2026, 12, 1),
    )
    reader = Reader.objects.create(
        card_number="T1",
        name="李华",
        home_library=library,
        registered_on=dt.date(2026, 1, 1),
        expiry_date=dt.date(2029, 1, 1),
    )
    loan = Loan.objects.create(
        item=item,
        record=record,
        reader=reader,
        library=library,
        loaned_at=now,
        due_on=dt.date(2026, 12, 1),
    )
    hold = Hold.objects.create(
        record=record,
        reader=reader,
        pickup_library=library,
        placed_at=now,
        item=item,
        ready_at=now,
        status="ready",
        expires_on=dt.date(2026, 12, 2),
    )
    Notice.objects.create(
        reader=reader, kind="due_soon", key="loan:1", loan=loan, created_at=now, emailed_at=now
    )
    Notice.objects.create(
        reader=reader, kind="hold_ready", key="hold:1", hold=hold, created_at=now, read_at=now
    )
