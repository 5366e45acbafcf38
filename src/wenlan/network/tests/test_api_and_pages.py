import datetime as dt
import zoneinfo

import pytest

from wenlan.core import clock
from wenlan.network.tests.factories import (
    LibraryFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    ThemedBranchFactory,
)

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEDNESDAY_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def network():
    central = LibraryFactory(
        code="HZ", name_zh="杭州图书馆", name_en="Hangzhou Public Library", kind="central"
    )
    district = LibraryFactory(
        code="XH", name_zh="西湖区图书馆", name_en="Xihu District Library", parent=central
    )
    branch = ThemedBranchFactory(code="HZ-TEA", parent=district, name_en="Tea Culture Branch")
    OpeningHoursFactory(library=central, weekday=2, opens=dt.time(9), closes=dt.time(20, 30))
    OpeningHoursFactory(library=district, weekday=2, opens=dt.time(13), closes=dt.time(17))
    OpeningHoursFactory(library=branch, weekday=2, opens=dt.time(9), closes=dt.time(17))
    OpeningExceptionFactory(
        library=branch, date=dt.date(2026, 11, 25), reason_zh="设备检修", reason_en="Maintenance"
    )
    return central, district, branch


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


def test_library_list_page_in_both_languages(client, network, django_assert_max_num_queries):
    with clock.freeze(WEDNESDAY_10AM), django_assert_max_num_queries(4):
        zh = client.get("/libraries/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "西湖区图书馆" in zh and "开放中" in zh and "已闭馆" in zh
    with clock.freeze(WEDNESDAY_10AM):
        en = client.get("/libraries/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Xihu District Library" in en and "Open now" in en and "Closed now" in en


def test_open_only_filter(client, network):
    with clock.freeze(WEDNESDAY_10AM):
        page = client.get("/libraries/?open=1").content.decode()
    assert "杭州图书馆" in page and "西湖区图书馆" not in page


def test_library_page_shows_hours_exceptions_and_branches(client, network):
    with clock.freeze(WEDNESDAY_10AM):
        page = client.get("/libraries/HZ-TEA/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        district = client.get("/libraries/XH/").content.decode()
    assert "Tea Culture Branch" in page and "Maintenance" in page and "Wednesday" in page
    assert "13:00–17:00" in district and "HZ-TEA" in district
    assert client.get("/libraries/NOPE/").status_code == 404


def test_home_counts_open_libraries(client, network):
    with clock.freeze(WEDNESDAY_10AM):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 service points" in page and "1 is open right now" in page


def test_language_switch_sets_cookie_and_redirects_only_locally(client):
    response = client.post("/language/", {"language": "en", "next": "/libraries/"})
    assert response.status_code == 302 and response.url == "/libraries/"
    assert response.cookies["wenlan_language"].value == "en"
    assert client.post("/language/", {"language": "en", "next": "https://evil.example/"}).url == "/"
