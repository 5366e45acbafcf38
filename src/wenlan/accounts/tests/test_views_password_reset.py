"""Password reset: by e-mail link where there is an address, else with a one-time
code a desk issues from the reader's page."""

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.models import PasswordResetCode
from wenlan.accounts.tests.factories import PASSWORD, StaffFactory, staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

NEW = "Lotus-pond-2027"


def test_login_page_says_how_to_reset(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in body
    assert "请携带读者卡和身份证件到任一图书馆服务台重置" in body


def _reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body)[1]


def test_reader_resets_by_the_e_mail_link_in_their_language(client):
    reader = ReaderFactory(email="Li.Hua@example.org")
    reader.user.language = "en"
    reader.user.save(update_fields=["language"])
    response = client.post(reverse("accounts:password_reset"), {"email": "li.hua@example.org"})
    assert response.status_code == 302
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["li.hua@example.org"], "Wenlan: set a new password")
    ]
    assert mail.outbox[0].body.startswith(f"Hello {reader.card_number},")
    page = client.get(_reset_link(mail.outbox[0]), follow=True)
    assert page.context["validlink"] is True
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert authenticate(username=reader.card_number, password=NEW) is not None


def test_staff_reset_by_the_accounts_address_in_chinese(client):
    StaffFactory(username="wang", email="wang@library.example")
    client.post(reverse("accounts:password_reset"), {"email": "wang@library.example"})
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["wang@library.example"], "文澜：设置新密码")
    ]


def test_unknown_address_sends_nothing_and_says_the_same(client):
    ReaderFactory(email="someone@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.fixture
def west():
    return LibraryFactory(code="WEST")


def _issue(client, staff, reader):
    login(client, staff)
    return client.post(reverse("patrons:staff_reader_reset_code", args=[reader.pk]))


def test_desk_issues_a_code_shown_once_and_audited(client, west):
    reader = ReaderFactory(home_library=west, email="")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=west)
    detail = login(client, librarian).get(reverse("patrons:staff_reader_detail", args=[reader.pk]))
    assert reverse("patrons:staff_reader_reset_code", args=[reader.pk]) in detail.content.decode()
    response = _issue(client, librarian, reader)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    code = response.context["issued"].code
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code)
    assert code in response.content.decode()
    row = PasswordResetCode.objects.get()
    assert (row.user_id, row.issued_by_id, row.closed_at) == (reader.user_id, librarian.pk, None)
    assert code not in row.code_hash
    assert row.expires_at - row.created_at == dt.timedelta(minutes=30)
    assert (
        AuditEntry.objects.filter(
            actor=librarian, action="create", fields=["password_reset_code"]
        ).count()
        == 1
    )


def test_desk_of_another_library_may_not_issue(client, west):
    reader = ReaderFactory(home_library=west)
    outsider = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory(code="EAST"))
    response = _issue(client, outsider, reader)
    assert response.status_code == 403
    assert PasswordResetCode.objects.count() == 0
    assert not AuditEntry.objects.filter(fields=["password_reset_code"]).exists()


def test_a_reader_may_not_issue_codes(client, west):
    reader = ReaderFactory(home_library=west)
    response = _issue(client, ReaderFactory(home_library=west).user, reader)
    assert response.status_code == 403
    assert PasswordResetCode.objects.count() == 0


def _redeem(client, reader, code, password=NEW, again=None):
    client.logout()
    return client.post(
        reverse("accounts:password_reset_code"),
        {
            "username": reader.card_number,
            "code": code,
            "new_password1": password,
            "new_password2": again or password,
        },
    )


def test_reader_sets_a_new_password_with_the_code_once(client, west):
    reader = ReaderFactory(home_library=west, email="")
    code = (
        _issue(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=west), reader)
        .context["issued"]
        .code
    )
    response = _redeem(client, reader, code.lower())
    assert response.status_code == 200
    assert "密码已更新" in response.content.decode()
    assert authenticate(username=reader.card_number, password=NEW) is not None
    row = PasswordResetCode.objects.get()
    assert row.outcome == "used"
    assert AuditEntry.objects.filter(actor=reader.user, fields=["password"]).count() == 1

    again = _redeem(client, reader, code, password="Another-pass-99")
    assert "重置码不正确或已失效" in again.content.decode()
    assert authenticate(username=reader.card_number, password=NEW) is not None


def test_wrong_codes_void_the_code_after_five_tries(client, west):
    reader = ReaderFactory(home_library=west)
    code = (
        _issue(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=west), reader)
        .context["issued"]
        .code
    )
    for _n in range(5):
        assert "重置码不正确或已失效" in _redeem(client, reader, "AAAAA-AAAAA").content.decode()
    row = PasswordResetCode.objects.get()
    assert (row.failed_attempts, row.outcome) == (5, "attempts")
    _redeem(client, reader, code)
    assert authenticate(username=reader.card_number, password=PASSWORD) is not None


def test_expired_code_is_refused(client, west):
    reader = ReaderFactory(home_library=west)
    code = (
        _issue(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=west), reader)
        .context["issued"]
        .code
    )
    with clock.freeze(clock.now() + dt.timedelta(minutes=31)):
        response = _redeem(client, reader, code)
    assert "重置码不正确或已失效" in response.content.decode()
    assert authenticate(username=reader.card_number, password=PASSWORD) is not None


def test_a_new_code_voids_the_old_one(client, west):
    reader = ReaderFactory(home_library=west)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=west)
    first = _issue(client, librarian, reader).context["issued"].code
    second = _issue(client, librarian, reader).context["issued"].code
    assert "重置码不正确或已失效" in _redeem(client, reader, first).content.decode()
    assert "密码已更新" in _redeem(client, reader, second).content.decode()


def test_weak_or_mismatched_password_keeps_the_code(client, west):
    reader = ReaderFactory(home_library=west)
    code = (
        _issue(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=west), reader)
        .context["issued"]
        .code
    )
    mismatch = _redeem(client, reader, code, again="Something-else-1")
    assert "两次输入的密码不一致" in mismatch.content.decode()
    weak = _redeem(client, reader, code, password="123")
    assert weak.context["form"].errors["new_password1"]
    assert PasswordResetCode.objects.get().closed_at is None
    assert "密码已更新" in _redeem(client, reader, code).content.decode()
