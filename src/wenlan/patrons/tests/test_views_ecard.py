"""The reader's e-card page, /me/card/, where it is linked from, and staff who
scan an e-card into the reader search."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import StaffFactory, staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.core.qr import qr_svg
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.selectors import card_number_resolve
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 10, 0, 30, 400_000, tzinfo=dt.UTC)
URL = "/me/card/"


def _seconds_left(html: str) -> str:
    return re.search(r'data-seconds="(\d+)"', html).group(1)


def test_the_ecard_page_shows_the_code_card_name_and_countdown(client, settings):
    settings.WENLAN_ECARD_SECONDS = 60
    reader = ReaderFactory(card_number="HZ00000001", name="苏小小")
    login(client, reader.user)
    with clock.freeze(NOW):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert 'role="img" aria-label="电子读者证二维码"><svg' in html
    assert "苏小小" in html and "HZ00000001" in html
    assert _seconds_left(html) == "59"  # issued at 10:00:30, valid to 10:01:30, 0.4 s gone
    assert 'data-refresh-before="15"' in html
    assert f'data-url="{reverse("api:me_ecard")}"' in html
    assert 'src="/static/patrons/ecard.js"' in html
    assert AuditEntry.objects.count() == 0  # issuing is not logged: it happens every minute


def test_the_ecard_page_in_english(client):
    reader = ReaderFactory(language="en", user__language="en")
    login(client, reader.user)
    html = client.get(URL).content.decode()
    assert '<h1 id="ecard-h">E-card</h1>' in html
    assert "Code valid for" in html and "a screenshot does not work" in html


def test_an_id_card_number_is_shown_masked_with_a_word_why(client):
    reader = ReaderFactory(card_number="330106199001011234")
    login(client, reader.user)
    html = client.get(URL).content.decode()
    assert "3301**********1234" in html and "330106199001011234" not in html
    assert "以身份证号作卡号时，这里只显示部分号码" in html


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": ReaderStatus.SUSPENDED}, "读者证已暂停使用。"),
        ({"expiry_date": dt.date(2026, 11, 1)}, "读者证已于 2026-11-01 过期。"),
    ],
)
def test_a_card_that_may_not_be_used_shows_why_and_no_code(client, changes, reason):
    reader = ReaderFactory(**changes)
    login(client, reader.user)
    with clock.freeze(NOW):
        html = client.get(URL).content.decode()
    assert reason in html and "电子读者证暂不能使用。" in html
    assert "<svg" not in html and "ecard.js" not in html and "data-url" not in html


def test_the_page_is_for_signed_in_readers(client):
    assert client.get(URL).status_code == 302
    login(client, StaffFactory())
    assert client.get(URL).status_code == 404


def test_the_ecard_is_linked_from_the_account_the_home_page_and_the_menu(client):
    reader = ReaderFactory()
    login(client, reader.user)
    for page in (reverse("patrons:me"), reverse("home")):
        html = client.get(page).content.decode()
        assert html.count(f'href="{URL}"') == 2, page  # the menu and the page's button
    anonymous = client.__class__()
    assert URL not in anonymous.get(reverse("home")).content.decode()


def test_the_code_on_the_page_is_the_readers_ecard(client):
    """The SVG is the token's QR code (issued in the same second, the same token):
    what the page shows, a desk resolves."""
    reader = ReaderFactory(card_number="HZ00000077")
    login(client, reader.user)
    with clock.freeze(NOW):
        html = client.get(URL).content.decode()
        token = ecard_issue(reader=reader).token
        assert card_number_resolve(presented=token) == "HZ00000077"
    assert qr_svg(token) in html


def test_staff_scan_an_ecard_into_the_reader_search(client):
    reader = ReaderFactory(card_number="HZ00000088", name="杨万里")
    login(client, staff_with_role(Role.NETWORK_ADMIN))
    url = reverse("patrons:staff_reader_list")
    with clock.freeze(NOW):
        found = client.get(url, {"q": ecard_token(reader)}).content.decode()
        expired = client.get(url, {"q": ecard_token(reader, seconds_ago=61)}).content.decode()
    assert "杨万里" in found
    assert "电子读者证已过期，请刷新二维码后重新出示。" in expired and "杨万里" not in expired
