import datetime as dt
from decimal import Decimal

import pytest

from wenlan.o2o.enums import YueduRefusal
from wenlan.o2o.policies import (
    Refusal,
    YueduAsk,
    YueduRule,
    period_next,
    period_parse,
    period_start,
    price_valid,
    rule_words,
    textbook_reason,
    yuedu_refusal,
)

RULE = YueduRule(
    monthly_limit=2,
    max_age_years=2,
    price_cap=Decimal("80.00"),
    max_network_copies=5,
    excluded_clc=("G42", "G63", "H319"),
    excluded_keywords=("教辅", "真题", "exam"),
    budget_per_month=Decimal("1000.00"),
)
ASK = YueduAsk(
    price=Decimal("45.00"),
    title="三体",
    year=2026,
    clc="I247.5",
    this_year=2026,
    reader_loans_this_month=0,
    network_copies=0,
    store_spent_this_month=Decimal("0.00"),
)


def _ask(**changes) -> YueduAsk:
    return YueduAsk(**(ASK.__dict__ | changes))


def test_a_new_book_in_every_limit_passes():
    assert yuedu_refusal(RULE, ASK) is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"reader_loans_this_month": 2},
            Refusal(YueduRefusal.MONTHLY_LIMIT, {"count": 2, "limit": 2}),
        ),
        (
            {"price": Decimal("80.01")},
            Refusal(YueduRefusal.PRICE_CAP, {"price": Decimal("80.01"), "cap": Decimal("80.00")}),
        ),
        ({"year": 2023}, Refusal(YueduRefusal.TOO_OLD, {"year": 2023, "years": 2})),
        ({"clc": "g634.6"}, Refusal(YueduRefusal.TEXTBOOK, {"reason": "G634.6"})),
        ({"title": "2026 高考真题"}, Refusal(YueduRefusal.TEXTBOOK, {"reason": "真题"})),
        ({"title": "IELTS Exam Guide"}, Refusal(YueduRefusal.TEXTBOOK, {"reason": "exam"})),
        ({"network_copies": 5}, Refusal(YueduRefusal.ENOUGH_COPIES, {"copies": 5, "max": 5})),
        (
            {"store_spent_this_month": Decimal("970.00")},
            Refusal(YueduRefusal.BUDGET, {"left": Decimal("30.00"), "price": Decimal("45.00")}),
        ),
        (
            {"store_spent_this_month": Decimal("1200.00")},
            Refusal(YueduRefusal.BUDGET, {"left": Decimal("0.00"), "price": Decimal("45.00")}),
        ),
    ],
)
def test_each_rule_refuses_with_its_figures(changes, expected):
    assert yuedu_refusal(RULE, _ask(**changes)) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"reader_loans_this_month": 1},
        {"price": Decimal("80.00")},
        {"year": 2024},
        {"year": None},
        {"network_copies": 4},
        {"store_spent_this_month": Decimal("955.00")},
        {"clc": "I247.5", "title": "教育的目的"},
    ],
)
def test_the_limits_themselves_pass(changes):
    assert yuedu_refusal(RULE, _ask(**changes)) is None


def test_the_first_rule_that_refuses_is_told():
    refusal = yuedu_refusal(RULE, _ask(reader_loans_this_month=9, price=Decimal("999")))
    assert refusal.rule == YueduRefusal.MONTHLY_LIMIT


def test_rule_words_split_as_staff_type_them():
    assert rule_words("G42, G63，H319；教辅、 真题\n考研") == (
        "G42",
        "G63",
        "H319",
        "教辅",
        "真题",
        "考研",
    )
    assert rule_words("") == ()


def test_the_defaults_exclude_textbooks():
    assert textbook_reason(YueduRule(), title="高中数学教辅", clc="") == "教辅"
    assert textbook_reason(YueduRule(), title="活着", clc="G634.6") == "G634.6"
    assert textbook_reason(YueduRule(), title="活着", clc="I247.57") is None


def test_periods():
    assert period_start(dt.date(2026, 11, 25)) == dt.date(2026, 11, 1)
    assert period_next(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert period_parse("2026-11") == dt.date(2026, 11, 1)
    assert [period_parse(text) for text in ("2026-13", "2026-1", "", "x")] == [None] * 4


@pytest.mark.parametrize(
    ("price", "valid"),
    [("45.00", True), ("0.01", True), ("0", False), ("-1", False), ("1.005", False),
     ("NaN", False), ("1000000", False)],
)  # fmt: skip
def test_prices_a_clerk_may_enter(price, valid):
    assert price_valid(Decimal(price)) is valid
