"""悦享's pure rules: no database."""

import datetime as dt

from wenlan.o2o.policies import (
    handon_accept_refusal,
    handon_code_normalise,
    handon_offer_refusal,
    handon_status,
)

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _accept(**changes):
    ask = {
        "status": "open",
        "loan_open": True,
        "due_on": TODAY,
        "today": TODAY,
        "holds_waiting": False,
        "giver_id": 1,
        "receiver_id": 2,
        "named_receiver_id": None,
    }
    return handon_accept_refusal(**(ask | changes))


def test_code_normalise():
    assert handon_code_normalise(" ab-cd ef\t") == "ABCDEF"
    assert handon_code_normalise("") == ""
    assert len(handon_code_normalise("A" * 100)) == 32


def test_an_open_offer_past_its_expiry_is_expired():
    later = NOW + dt.timedelta(hours=1)
    assert handon_status(status="open", expires_at=later, now=NOW) == "open"
    assert handon_status(status="open", expires_at=NOW, now=NOW) == "expired"
    assert handon_status(status="accepted", expires_at=NOW, now=later) == "accepted"


def test_offer_refusal():
    assert handon_offer_refusal(due_on=TODAY, today=TODAY, holds_waiting=False) is None
    yesterday = TODAY - dt.timedelta(days=1)
    assert handon_offer_refusal(due_on=yesterday, today=TODAY, holds_waiting=False) == (
        "handon_overdue"
    )
    assert handon_offer_refusal(due_on=TODAY, today=TODAY, holds_waiting=True) == (
        "handon_holds_waiting"
    )


def test_accept_refusal_in_order():
    assert _accept() is None
    assert _accept(status="withdrawn") == "handon_closed"
    assert _accept(loan_open=False) == "handon_closed"
    assert _accept(receiver_id=1) == "handon_self"
    assert _accept(named_receiver_id=3) == "handon_not_for_you"
    assert _accept(named_receiver_id=2) is None
    assert _accept(holds_waiting=True) == "handon_holds_waiting"
    assert _accept(due_on=TODAY - dt.timedelta(days=1)) == "handon_overdue"
