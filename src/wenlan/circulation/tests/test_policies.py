"""The pure rules, without a database."""

import datetime as dt
from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from wenlan.circulation.enums import BlockKind, OverdueRule
from wenlan.circulation.policies import (
    DEFAULT_RULE,
    BlockReason,
    Penalty,
    PolicyRule,
    StoredBlock,
    block_reasons,
    blocked_message,
    distance_km,
    due_date,
    next_open_day,
    overdue_penalty,
    policy_resolve,
    reader_pseudonym,
    suspension_until,
)
from wenlan.network.policies import DayException, Period

NETWORK = PolicyRule(loan_days=30)
NETWORK_CHILD = PolicyRule(reader_category="child", loan_days=21)
NETWORK_AV = PolicyRule(item_type="audiovisual", loan_days=14)
LIB_7 = PolicyRule(library_id=7, loan_days=60)
LIB_7_CHILD_AV = PolicyRule(
    library_id=7, reader_category="child", item_type="audiovisual", loan_days=7
)
RULES = [NETWORK, NETWORK_CHILD, NETWORK_AV, LIB_7, LIB_7_CHILD_AV]


def resolve(library_id, category, item_type, rules=RULES):
    return policy_resolve(
        rules, library_id=library_id, reader_category=category, item_type=item_type
    )


def test_most_specific_rule_wins():
    assert resolve(7, "child", "audiovisual") is LIB_7_CHILD_AV
    assert resolve(7, "adult", "audiovisual") is LIB_7
    assert resolve(8, "child", "audiovisual") is NETWORK_CHILD
    assert resolve(8, "adult", "audiovisual") is NETWORK_AV
    assert resolve(8, "adult", "book") is NETWORK


def test_no_rule_falls_back_on_the_free_thirty_day_default():
    assert resolve(1, "adult", "book", rules=[]) is DEFAULT_RULE
    assert DEFAULT_RULE.loan_days == 30
    assert DEFAULT_RULE.overdue_rule == OverdueRule.SUSPENSION


WEEKLY = {d: [Period(dt.time(9), dt.time(17))] for d in (1, 2, 3, 4, 5, 6)}  # closed Mondays
HOLIDAY = {dt.date(2027, 1, 1): DayException(True, None)}


def _open(day):
    from wenlan.circulation.policies import is_open_day

    return is_open_day(day, WEEKLY, HOLIDAY)


def test_due_date_skips_a_closed_monday():
    # 2026-11-25 is a Wednesday; +26 days is Monday 2026-12-21.
    assert due_date(start=dt.date(2026, 11, 25), days=26, is_open=_open) == dt.date(2026, 12, 22)


def test_due_date_skips_a_holiday_and_the_monday_after():
    # 2026-12-02 + 30 = Friday 2027-01-01, a holiday: Saturday the 2nd.
    assert due_date(start=dt.date(2026, 12, 2), days=30, is_open=_open) == dt.date(2027, 1, 2)


def test_due_date_on_an_open_day_stays():
    assert due_date(start=dt.date(2026, 11, 25), days=30, is_open=_open) == dt.date(2026, 12, 25)


def test_a_library_never_open_keeps_the_plain_date():
    assert next_open_day(dt.date(2026, 1, 5), lambda d: False) == dt.date(2026, 1, 5)


@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 1, 1)),
    st.integers(min_value=1, max_value=90),
)
def test_due_date_is_never_early_and_always_open(start, days):
    due = due_date(start=start, days=days, is_open=_open)
    assert due >= start + dt.timedelta(days=days)
    assert _open(due)
    assert (due - (start + dt.timedelta(days=days))).days <= 2


FINE_RULE = PolicyRule(
    overdue_rule=OverdueRule.FINE, fine_per_day=Decimal("0.10"), fine_cap=Decimal("5.00")
)


def test_fines_per_day_up_to_the_cap():
    assert overdue_penalty(FINE_RULE, days_late=3) == Penalty(fine=Decimal("0.30"))
    assert overdue_penalty(FINE_RULE, days_late=80) == Penalty(fine=Decimal("5.00"))
    assert overdue_penalty(FINE_RULE, days_late=0) == Penalty()


def test_suspension_days_instead_of_a_fine():
    rule = PolicyRule(overdue_rule=OverdueRule.SUSPENSION, suspension_days_per_day=2)
    assert overdue_penalty(rule, days_late=4) == Penalty(suspension_days=8)


def test_suspensions_add_up():
    today = dt.date(2026, 11, 25)
    assert suspension_until(today=today, days=5, current=None) == dt.date(2026, 11, 30)
    assert suspension_until(today=today, days=5, current=dt.date(2026, 12, 1)) == dt.date(
        2026, 12, 6
    )


def _blocks(**overrides):
    values = dict(
        today=dt.date(2026, 11, 25),
        card_expiry=dt.date(2027, 1, 1),
        card_active=True,
        overdue_count=0,
        max_overdue=1,
        fines_owed=Decimal("0"),
        fine_limit=Decimal("10"),
    )
    values.update(overrides)
    return block_reasons(**values)


def test_a_reader_in_good_standing_has_no_blocks():
    assert _blocks() == []


def test_each_block_has_its_reason():
    reasons = _blocks(
        card_expiry=dt.date(2026, 11, 24),
        overdue_count=2,
        fines_owed=Decimal("12.50"),
        stored=[
            StoredBlock(1, BlockKind.SUSPENSION, "", dt.date(2026, 12, 3)),
            StoredBlock(2, BlockKind.SUSPENSION, "", dt.date(2026, 11, 24)),
            StoredBlock(3, BlockKind.MANUAL, "证件待核实", None),
        ],
    )
    assert [r.kind for r in reasons] == [
        BlockKind.CARD_EXPIRED,
        BlockKind.TOO_MANY_OVERDUE,
        BlockKind.FINES,
        BlockKind.SUSPENSION,
        BlockKind.MANUAL,
    ]
    assert reasons[0].message == "读者证已于 2026-11-24 过期。"
    assert reasons[1].message == "有 2 册图书逾期未还。"
    assert reasons[2].message == "欠款 12.50 元未结清。"
    assert reasons[3].message == "逾期停借至 2026-12-03。"
    assert reasons[4].message == "证件待核实"


def test_overdue_below_the_limit_does_not_block():
    assert _blocks(overdue_count=2, max_overdue=3) == []


def test_pseudonym_is_stable_keyed_and_not_the_id():
    a = reader_pseudonym(secret="s1", reader_id=42)
    assert a == reader_pseudonym(secret="s1", reader_id=42)
    assert a != reader_pseudonym(secret="s2", reader_id=42)
    assert a != "42" and len(a) == 32


def test_distance_between_west_lake_and_xiaoshan():
    assert round(distance_km(30.25, 120.16, 30.18, 120.27)) == 13


# --- renewals and pull lists (pure) -------------------------------------------------


def test_renewal_due_date_counts_from_the_old_due_date_or_today():
    from wenlan.circulation.enums import RenewalBase
    from wenlan.circulation.policies import PolicyRule, renewal_due_date

    def always(day):
        return True

    due, today = dt.date(2026, 12, 1), dt.date(2026, 11, 28)
    assert renewal_due_date(PolicyRule(loan_days=30), due_on=due, today=today, is_open=always) == (
        dt.date(2026, 12, 31)
    )
    from_today = PolicyRule(loan_days=30, renewal_base=RenewalBase.TODAY)
    assert renewal_due_date(from_today, due_on=due, today=today, is_open=always) == dt.date(
        2026, 12, 28
    )


def test_renewal_outlook_names_the_window_and_each_reason():
    from wenlan.circulation.policies import PolicyRule, renewal_outlook

    due = dt.date(2026, 12, 1)

    def outlook(today, renewals_done=0, waiting=False, rule=None):
        return renewal_outlook(
            rule or PolicyRule(renewals=1),
            due_on=due,
            renewals_done=renewals_done,
            today=today,
            window_days=7,
            others_waiting=waiting,
        )

    ok = outlook(dt.date(2026, 11, 24))
    assert (ok.window.opens_on, ok.window.closes_on, ok.allowed) == (
        dt.date(2026, 11, 24),
        due,
        True,
    )
    assert outlook(dt.date(2026, 12, 1)).allowed
    assert outlook(dt.date(2026, 11, 23)).refusal == "2026-11-24 起才能续借。"
    assert outlook(dt.date(2026, 12, 2)).refusal == "已逾期，不能续借，请尽快归还。"
    assert outlook(dt.date(2026, 11, 25), renewals_done=1).refusal == "已续借 1 次，不能再续借。"
    assert outlook(dt.date(2026, 11, 25), waiting=True).refusal == (
        "有其他读者在预约此书，不能续借。"
    )
    assert outlook(dt.date(2026, 11, 25), rule=PolicyRule(renewals=0)).refusal == (
        "此类图书不能续借。"
    )


def test_pull_libraries_ordered_pickup_first_then_nearest_then_least_busy():
    from wenlan.circulation.policies import PullCandidate, pull_libraries_ordered

    here = PullCandidate(1, None, None, busy=9, spare_copies=1)
    near_busy = PullCandidate(2, 30.30, 120.15, busy=3, spare_copies=1)
    near_idle = PullCandidate(3, 30.30, 120.15, busy=0, spare_copies=2)
    far = PullCandidate(4, 30.25, 120.50, busy=0, spare_copies=1)
    nowhere = PullCandidate(5, None, None, busy=0, spare_copies=1)
    empty = PullCandidate(6, 30.25, 120.15, busy=0, spare_copies=0)
    ordered = pull_libraries_ordered(
        [nowhere, far, empty, near_busy, here, near_idle],
        pickup_library_id=1,
        pickup_latitude=30.25,
        pickup_longitude=120.15,
    )
    assert [c.library_id for c in ordered] == [1, 3, 2, 4, 5]


def test_a_blocked_message_joins_its_reasons_in_the_page_language():
    reasons = [BlockReason("manual", "a"), BlockReason("fines", "b")]
    with translation.override("zh-hans"):
        assert blocked_message(reasons).endswith("a；b")
    with translation.override("en"):
        assert blocked_message(reasons).endswith("a; b")
