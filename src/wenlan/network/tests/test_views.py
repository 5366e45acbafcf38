import datetime as dt
import zoneinfo

import pytest

from wenlan.core import clock

pytestmark = pytest.mark.django_db


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


WEDNESDAY_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


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
