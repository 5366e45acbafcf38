"""Back-dated history in bulk: finished loans, holds and transits with their log
entries at their own times; bad rows counted and skipped; the desk permission at
each library concerned."""

import datetime as dt

import pytest
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.models import CirculationLogEntry, Hold, Loan, Transit
from wenlan.circulation.services.backfill import (
    PastHold,
    PastLoan,
    PastTransit,
    circulation_history_import,
)
from wenlan.core.errors import PermissionDeniedError
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import OfflineReaderFactory

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


def _loan(item, reader, *, days=10, **changes) -> PastLoan:
    values = {
        "item_id": item.pk, "reader_id": reader.pk, "library_id": item.library_id,
        "loaned_at": T0, "due_on": (T0 + dt.timedelta(days=30)).date(),
        "returned_at": T0 + dt.timedelta(days=days), "return_library_id": item.library_id,
    }  # fmt: skip
    return PastLoan(**{**values, **changes})


def test_loans_holds_and_transits_with_their_log_in_time_order():
    library, other = LibraryFactory(), LibraryFactory()
    item, reader = ItemFactory(library=library), OfflineReaderFactory(home_library=library)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    report = circulation_history_import(
        actor=admin,
        loans=[_loan(item, reader, renewed_at=T0 + dt.timedelta(days=5))],
        holds=[
            PastHold(record_id=item.record_id, reader_id=reader.pk, pickup_library_id=other.pk,
                     placed_at=T0 - dt.timedelta(days=3), ready_at=T0 - dt.timedelta(days=1),
                     status="fulfilled", closed_at=T0, item_id=item.pk)
        ],
        transits=[
            PastTransit(item_id=item.pk, from_library_id=library.pk, to_library_id=other.pk,
                        sent_at=T0 - dt.timedelta(days=2), received_at=T0 - dt.timedelta(days=1))
        ],
    )  # fmt: skip
    assert report.summary() == {
        "loans": 1, "holds": 1, "transits": 1, "log_entries": 8, "skipped": 0
    }  # fmt: skip
    loan = Loan.objects.get()
    assert (loan.returned_at, loan.renewals, loan.record_id) == (
        T0 + dt.timedelta(days=10), 1, item.record_id,
    )  # fmt: skip
    assert Hold.objects.get().status == "fulfilled"
    assert Transit.objects.get().received_at == T0 - dt.timedelta(days=1)
    kinds = list(CirculationLogEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["hold_place", "transit_send", "hold_ready", "transit_receive",
                     "checkout", "hold_fulfil", "renew", "checkin"]  # fmt: skip
    times = list(CirculationLogEntry.objects.order_by("pk").values_list("at", flat=True))
    assert times == sorted(times)


def test_bad_rows_are_skipped_and_counted_never_aborting_the_batch():
    library = LibraryFactory()
    item, reader = ItemFactory(library=library), OfflineReaderFactory(home_library=library)
    future = timezone.now() + dt.timedelta(days=3)
    report = circulation_history_import(
        actor=staff_with_role(Role.NETWORK_ADMIN),
        loans=[
            _loan(item, reader),
            _loan(item, reader, item_id=10**9),  # no such copy
            _loan(item, reader, returned_at=T0 - dt.timedelta(days=1)),  # back before lent
            _loan(item, reader, returned_at=future),  # in the future
        ],
        holds=[
            PastHold(
                record_id=item.record_id,
                reader_id=reader.pk,
                pickup_library_id=library.pk,
                placed_at=T0,
                status="waiting",
                closed_at=T0,
            )
        ],  # fmt: skip
    )
    assert (report.loans, report.holds, report.skipped) == (1, 0, 4)
    assert len(report.errors) == 4 and "hold 0" in report.errors[-1]
    assert Loan.objects.count() == 1


def test_a_librarian_imports_at_their_library_only_and_others_are_refused():
    mine, other = LibraryFactory(), LibraryFactory()
    reader = OfflineReaderFactory(home_library=mine)
    at_mine, at_other = ItemFactory(library=mine), ItemFactory(library=other)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=mine)
    report = circulation_history_import(
        actor=librarian, loans=[_loan(at_mine, reader), _loan(at_other, reader)]
    )
    assert (report.loans, report.skipped) == (1, 1)
    with pytest.raises(PermissionDeniedError):
        circulation_history_import(
            actor=staff_with_role(Role.CATALOGUER, library=mine), loans=[_loan(at_mine, reader)]
        )
    assert Loan.objects.count() == 1 and CirculationLogEntry.objects.count() == 2
