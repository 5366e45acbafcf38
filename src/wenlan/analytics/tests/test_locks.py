"""The export lease: one holder at a time, renewed by its holder, lost on expiry."""

import datetime as dt

import pytest

from wenlan.analytics import locks
from wenlan.analytics.errors import ExportRunningError
from wenlan.analytics.services import analytics_export
from wenlan.analytics.tests.factories import NOW
from wenlan.core import clock

pytestmark = pytest.mark.django_db


def test_one_holder_at_a_time_until_release_or_expiry():
    assert locks.export_lease_take(holder="a", now=NOW)
    assert not locks.export_lease_take(holder="b", now=NOW + dt.timedelta(minutes=9))
    assert locks.export_lease_renew(holder="a", now=NOW + dt.timedelta(minutes=9))
    assert not locks.export_lease_take(holder="b", now=NOW + dt.timedelta(minutes=18))
    assert not locks.export_lease_renew(holder="b", now=NOW)
    assert locks.export_lease_take(holder="b", now=NOW + dt.timedelta(minutes=20))
    assert not locks.export_lease_renew(holder="a", now=NOW + dt.timedelta(minutes=20))
    locks.export_lease_release(holder="b")
    assert locks.export_lease_take(holder="c", now=NOW + dt.timedelta(minutes=20))


def test_an_export_while_another_holds_the_lease_is_refused_and_then_runs():
    assert locks.export_lease_take(holder="someone", now=NOW)
    with clock.freeze(NOW), pytest.raises(ExportRunningError):
        analytics_export(settle_seconds=0)
    with clock.freeze(NOW + locks.LEASE + dt.timedelta(seconds=1)):
        assert analytics_export(settle_seconds=0).changed is False
    with clock.freeze(NOW + locks.LEASE + dt.timedelta(seconds=2)):
        analytics_export(settle_seconds=0)  # the lease was given back
