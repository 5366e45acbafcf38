"""Security headers on every page, no inline script in any template, and the idle
timeout of staff sessions (core/http_guards.py)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.http_guards import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY
from wenlan.events.tests.factories import OccurrenceFactory
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "src" / "wenlan").rglob("templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_BLOCK = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_no_template_has_inline_script_or_style(template):
    """Scripts and styles come from static files only: the Content-Security-Policy
    (script-src 'self'; style-src 'self') would block them in the browser."""
    text = template.read_text()
    inline_scripts = [
        attrs
        for attrs in SCRIPT_TAG.findall(text)
        if "src=" not in attrs and not DATA_BLOCK.search(attrs)
    ]
    assert inline_scripts == []
    assert HANDLER.findall(text) == []
    assert "javascript:" not in text.lower()
    assert "<style" not in text.lower()
    assert " style=" not in text.lower()


@pytest.fixture
def pages(db):
    library = LibraryFactory(code="HZLIB")
    occurrence = OccurrenceFactory()
    return [
        reverse("home"),
        "/libraries/",
        f"/libraries/{library.code}/",
        "/catalog/",
        "/events/",
        f"/events/{occurrence.event_id}/",
        "/spaces/",
        "/clubs/",
        "/exhibitions/",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/network/libraries",
    ]


def test_every_main_page_carries_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, url


def test_reader_and_staff_pages_carry_the_security_headers(client, db):
    reader = ReaderFactory()
    client.force_login(reader.user)
    for url in ("/me/", "/me/loans/", "/me/erase/"):
        assert client.get(url)["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    for url in ("/staff/", "/staff/readers/", "/staff/circulation/", "/staff/events/checkin/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_policies_say_what_the_site_needs():
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "style-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    allowed = {rule.split("=")[0]: rule.split("=")[1] for rule in PERMISSIONS_POLICY.split(", ")}
    assert allowed.pop("geolocation") == "(self)"
    assert allowed.pop("camera") == "(self)"
    assert set(allowed.values()) == {"()"}
    assert "microphone" in allowed and "payment" in allowed


class _Clock:
    def __init__(self, monkeypatch, at):
        self.at = at
        monkeypatch.setattr(clock, "now", lambda: self.at)


@pytest.fixture
def moving_clock(monkeypatch):
    return _Clock(monkeypatch, timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0)))


def test_staff_idle_past_the_limit_are_signed_out_with_a_message(
    client, db, moving_clock, settings
):
    settings.WENLAN_STAFF_IDLE_MINUTES = 30
    client.force_login(staff_with_role(Role.NETWORK_ADMIN, language="en"))
    assert client.get("/staff/readers/").status_code == 200
    moving_clock.at += dt.timedelta(minutes=29)
    assert client.get("/staff/readers/").status_code == 200  # activity restarts the wait
    moving_clock.at += dt.timedelta(minutes=31)

    response = client.get("/staff/readers/?q=HZ")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/staff/readers/%3Fq%3DHZ"
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 30 minutes without activity, to protect readers' data. "
        "Please sign in again."
    ]


def test_readers_are_not_signed_out_when_idle(client, db, moving_clock, settings):
    settings.WENLAN_STAFF_IDLE_MINUTES = 30
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert client.get("/me/").status_code == 200
    moving_clock.at += dt.timedelta(hours=5)
    assert client.get("/me/").status_code == 200
    assert client.session["_auth_user_id"] == str(reader.user.pk)


def test_the_idle_limit_is_a_setting(client, db, moving_clock, settings):
    settings.WENLAN_STAFF_IDLE_MINUTES = 5
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    client.get("/staff/")
    moving_clock.at += dt.timedelta(minutes=6)
    assert client.get("/staff/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_map_tile_server_on_plain_http_may_serve_pictures(client, settings):
    settings.WENLAN_MAP_TILE_URL = "http://{s}.tiles.library.example:8080/{z}/{x}/{y}.png"
    policy = client.get("/")["Content-Security-Policy"]
    assert "img-src 'self' data: https: http://*.tiles.library.example:8080;" in policy
    settings.WENLAN_MAP_TILE_URL = "https://tiles.library.example/{z}/{x}/{y}.png"
    assert client.get("/")["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
