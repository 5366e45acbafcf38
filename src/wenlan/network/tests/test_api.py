import datetime as dt
import zoneinfo

import pytest

from wenlan.core import clock

pytestmark = pytest.mark.django_db


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


WEDNESDAY_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def test_api_lists_libraries_with_kind_names_parent_and_open_now(
    client, network, django_assert_num_queries
):
    with clock.freeze(WEDNESDAY_10AM), django_assert_num_queries(3):
        response = client.get("/api/network/libraries")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows["HZ"]["kind"] == "central" and rows["HZ"]["parent"] is None
    assert rows["HZ"]["name_en"] == "Hangzhou Public Library"
    assert rows["XH"]["parent"] == "HZ"
    assert rows["HZ-TEA"]["theme_en"] == "Tea culture"
    assert {code: row["open_now"] for code, row in rows.items()} == {
        "HZ": True,
        "XH": False,
        "HZ-TEA": False,
    }
    assert rows["XH"]["next_opens_at"] == "2026-11-25T13:00:00+08:00"


def test_api_filters_by_kind_and_rejects_unknown_kinds(client, network):
    assert [r["code"] for r in client.get("/api/network/libraries?kind=central").json()] == ["HZ"]
    response = client.get("/api/network/libraries?kind=castle")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_api_library_detail_and_missing_library(client, network):
    with clock.freeze(WEDNESDAY_10AM):
        body = client.get("/api/network/libraries/XH").json()
    assert body["weekly_hours"] == [{"weekday": 2, "opens": "13:00:00", "closes": "17:00:00"}]
    missing = client.get("/api/network/libraries/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
