import datetime as dt

import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.models import LoginFailure
from wenlan.accounts.tests.factories import PASSWORD, UserFactory, staff_with_role
from wenlan.core import clock

pytestmark = pytest.mark.django_db


def _login(client, username, password, address="203.0.113.7", language="zh-hans"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_good_password_logs_in(client):
    user = UserFactory(username="HZ00000001")
    response = _login(client, "HZ00000001", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_says_so_and_is_counted(client):
    UserFactory(username="reader1")
    response = _login(client, "reader1", "wrong")
    assert response.status_code == 200
    assert "卡号/用户名或密码不正确" in response.content.decode()
    assert LoginFailure.objects.filter(username="reader1").count() == 1


def test_account_is_locked_after_five_failures_even_with_the_right_password(client):
    UserFactory(username="reader1")
    for _ in range(5):
        _login(client, "reader1", "wrong")
    response = _login(client, "reader1", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "密码错误次数过多，请 15 分钟后再试" in response.content.decode()


def test_lock_message_is_in_the_users_language(client):
    UserFactory(username="reader1")
    for _ in range(5):
        _login(client, "reader1", "wrong")
    response = _login(client, "reader1", PASSWORD, language="en")
    assert "Too many wrong passwords; try again in 15 minutes." in response.content.decode()


def test_lock_ends_after_the_window(client):
    UserFactory(username="reader1")
    for _ in range(5):
        _login(client, "reader1", "wrong")
    with clock.freeze(clock.now() + dt.timedelta(minutes=16)):
        response = _login(client, "reader1", PASSWORD)
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_slowed_not_blocked(client, settings):
    for n in range(20):
        _login(client, f"guess{n}", "wrong", address="198.51.100.9")
    UserFactory(username="victim")
    response = _login(client, "victim", PASSWORD, address="198.51.100.9")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "尝试过于频繁，请 10 秒后再试。" in response.content.decode()
    # Another address is not affected, and this one may try again after the slow-down.
    assert _login(client, "victim", PASSWORD, address="192.0.2.1").status_code == 302
    client.logout()
    with clock.freeze(clock.now() + dt.timedelta(seconds=10)):
        assert _login(client, "victim", PASSWORD, address="198.51.100.9").status_code == 302


def test_success_clears_this_addresss_failures_only(client):
    UserFactory(username="reader1")
    for _ in range(3):
        _login(client, "reader1", "wrong")
    _login(client, "reader1", "wrong", address="192.0.2.50")
    assert _login(client, "reader1", PASSWORD).status_code == 302
    assert list(LoginFailure.objects.values_list("username", "address")) == [
        ("reader1", "192.0.2.50")
    ]


def test_a_stranger_cannot_lock_a_reader_out(client):
    """Five wrong passwords from a stranger's address block that address only; the
    reader, from home, waits at most the slow-down once."""
    UserFactory(username="reader1")
    for _ in range(5):
        _login(client, "reader1", "wrong", address="198.51.100.66")
    stranger = _login(client, "reader1", PASSWORD, address="198.51.100.66")
    assert "密码错误次数过多，请 15 分钟后再试。" in stranger.content.decode()
    reader = _login(client, "reader1", PASSWORD, address="192.0.2.10")
    assert "尝试过于频繁，请 10 秒后再试。" in reader.content.decode()
    with clock.freeze(clock.now() + dt.timedelta(seconds=10)):
        assert _login(client, "reader1", PASSWORD, address="192.0.2.10").status_code == 302


def test_many_addresses_guessing_one_account_get_one_try_per_slowdown(client):
    UserFactory(username="reader1")
    for n in range(5):
        _login(client, "reader1", "wrong", address=f"198.51.100.{n}")
    counted = LoginFailure.objects.count()
    for n in range(5, 25):  # all within the same second
        response = _login(client, "reader1", "wrong", address=f"198.51.100.{n}")
        assert "尝试过于频繁" in response.content.decode()
    assert LoginFailure.objects.count() == counted == 5


def test_behind_a_trusted_proxy_each_reader_is_counted_by_their_own_address(client, settings):
    settings.WENLAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="victim")
    for n in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "victim", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.9",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.9"}
    with clock.freeze(clock.now() + dt.timedelta(seconds=10)):
        response = client.post(
            reverse("accounts:login"),
            {"username": "victim", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.44",
        )
    assert response.status_code == 302


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(client, settings):
    settings.WENLAN_TRUSTED_PROXIES = ["10.0.0.2"]
    UserFactory(username="victim")
    for n in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "victim", "password": "wrong"},
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.9"}


def test_admin_login_is_rate_limited_too(client):
    staff_with_role(Role.NETWORK_ADMIN, username="boss")
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 200
    assert "密码错误次数过多" in response.content.decode()
