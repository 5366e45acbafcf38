import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, transaction

from wenlan.core import locks
from wenlan.core.errors import BusyError

User = get_user_model()


@locks.row_lock
def _user_lock(*, user_id: int):
    return User.objects.select_for_update().filter(pk=user_id).first()


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_outside_a_transaction_is_refused():
    user = User.objects.create(username="reader-1")
    with pytest.raises(locks.LockOutsideTransactionError):
        _user_lock(user_id=user.pk)
    with pytest.raises(locks.LockOutsideTransactionError), locks.lock_timeout(ms=100):
        pass


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_inside_a_transaction_returns_the_row():
    user = User.objects.create(username="reader-1")
    with transaction.atomic(), locks.lock_timeout(ms=100):
        assert _user_lock(user_id=user.pk) == user


def test_a_lock_not_had_in_time_is_busy_and_other_errors_pass():
    with pytest.raises(BusyError), locks.busy_on_lock_timeout():
        raise OperationalError("database is locked")
    with pytest.raises(OperationalError), locks.busy_on_lock_timeout():
        raise OperationalError("no such table: x")
