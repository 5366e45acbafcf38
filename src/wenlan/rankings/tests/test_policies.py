import datetime as dt

import pytest

from wenlan.rankings.enums import FeedKind
from wenlan.rankings.policies import (
    category_of_clc,
    period_parse,
    period_previous,
    row_validate,
    weights_parse,
)

TODAY = dt.date(2026, 6, 15)


def _loans(**changes) -> dict:
    row = {
        "library_code": "L1",
        "province": "浙江",
        "period": "2026-03",
        "isbn": "978-7-5063-6543-7",
        "title": "活着",
        "author": "余华",
        "loans": "12",
        "readers": "10",
        "clc": "I247",
    }
    row.update(changes)
    return row


def test_periods():
    assert period_parse("2026-Q1").first == "2026-01" and period_parse("2026-Q1").last == "2026-03"
    assert period_previous(period_parse("2026-Q1")).text == "2025-Q4"
    assert period_previous(period_parse("2026")).first == "2025-01"
    assert period_previous(period_parse("2026-01")).text == "2025-12"
    assert period_parse("2026-13") is None and period_parse("26") is None


def test_categories():
    assert category_of_clc("I287.5") == "children"
    assert category_of_clc("I247") == "literature"
    assert category_of_clc("TS976") == "life_arts"
    assert category_of_clc("TP311") == "science_tech"
    assert category_of_clc("D6") == "social_science"
    assert category_of_clc("K20") == "history_culture"
    assert category_of_clc("Z") == ""


def test_weights():
    assert weights_parse("loans=2")["loans"] == 2.0
    with pytest.raises(ValueError):
        weights_parse("loans=-1")
    with pytest.raises(ValueError):
        weights_parse("fame=1")


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"isbn": "9787506365438"}, "ISBN"),
        ({"loans": "-3"}, "负数"),
        ({"readers": "20"}, "读者数大于借阅次数"),
        ({"period": "2026-07"}, "将来"),
        ({"period": "2026/03"}, "YYYY-MM"),
        ({"title": "La vie de rãeve"}, "乱码"),
        ({"title": "a\x00b"}, "空字符"),
        ({"loans": "x"}, "不是数字"),
    ],
)
def test_bad_rows(changes, reason):
    result = row_validate(FeedKind.LOANS, _loans(**changes), today=TODAY)
    assert result.values is None and reason in result.reason


def test_good_row_is_typed():
    result = row_validate(FeedKind.LOANS, _loans(), today=TODAY)
    assert result.values["isbn"] == "9787506365437" and result.values["loans"] == 12
