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


def test_one_address_trying_many_accounts_is_stopped(client):
    for n in range(20):
        _login(client, f"guess{n}", "wrong", address="198.51.100.9")
    UserFactory(username="victim")
    response = _login(client, "victim", PASSWORD, address="198.51.100.9")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert _login(client, "victim", PASSWORD, address="192.0.2.1").status_code == 302


def test_success_clears_the_accounts_failures(client):
    UserFactory(username="reader1")
    for _ in range(3):
        _login(client, "reader1", "wrong")
    assert _login(client, "reader1", PASSWORD).status_code == 302
    assert LoginFailure.objects.filter(username="reader1").count() == 0


def test_admin_login_is_rate_limited_too(client):
    staff_with_role(Role.NETWORK_ADMIN, username="boss")
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 200
    assert "密码错误次数过多" in response.content.decode()
