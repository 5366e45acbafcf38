import datetime
import json

import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _signup_data(library, **overrides):
    return {
        "card_number": "HZ55555555",
        "name": "王芳",
        "phone": "13800000000",
        "email": "",
        "category": "adult",
        "home_library": library.pk,
        "password1": "Quiet-lake-2026",
        "password2": "Quiet-lake-2026",
        **overrides,
    }


def test_signup_page_creates_the_reader_and_logs_in(client):
    library = LibraryFactory()
    response = client.post(reverse("patrons:signup"), _signup_data(library))
    assert response.status_code == 302 and response.url == reverse("patrons:me")
    assert Reader.objects.get().card_number == "HZ55555555"
    assert client.get(reverse("patrons:me")).status_code == 200


def test_signup_errors_name_the_field_in_english(client):
    library = LibraryFactory()
    response = client.post(
        reverse("patrons:signup"),
        _signup_data(library, card_number="1", password2="other", email="not-an-email"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in body
    assert "The two passwords do not match." in body
    assert Reader.objects.count() == 0


def test_signup_errors_in_chinese(client):
    library = LibraryFactory()
    response = client.post(
        reverse("patrons:signup"),
        _signup_data(library, card_number="1"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "读者卡号为 6 到 32 位字母或数字" in response.content.decode()
    assert Reader.objects.count() == 0


def test_profile_edit_and_language_follow_the_reader(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    response = client.post(
        reverse("patrons:profile_edit"),
        {"name": reader.name, "phone": reader.phone, "email": "me@example.org", "language": "en"},
    )
    assert response.status_code == 302
    page = client.get(reverse("patrons:me")).content.decode()
    assert "My reader account" in page
    assert "me@example.org" in page


def test_privacy_choices_are_saved(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    client.post(
        reverse("patrons:privacy_edit"), {"keep_reading_history": "on", "email_notices": "on"}
    )
    reader.refresh_from_db()
    assert (reader.keep_reading_history, reader.allow_recommendations, reader.allow_analytics) == (
        True,
        False,
        False,
    )


def test_data_export_downloads_json(client):
    reader = ReaderFactory(card_number="HZ00000077")
    client.force_login(reader.user)
    response = client.get(reverse("patrons:data_export"))
    assert response["Content-Disposition"] == 'attachment; filename="wenlan-HZ00000077.json"'
    assert json.loads(response.content)["reader"]["card_number"] == "HZ00000077"


def test_erase_needs_the_password(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    response = client.post(reverse("patrons:erase"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert Reader.objects.get(pk=reader.pk).name == reader.name
    response = client.post(
        reverse("patrons:erase"), {"password": "Correct-horse-42", "confirm": "on"}
    )
    assert response.status_code == 302
    assert Reader.objects.get(pk=reader.pk).name == ""


def test_staff_reader_pages_are_scoped_and_audited(client, django_assert_max_num_queries):
    library_a, library_b = LibraryFactory(), LibraryFactory()
    mine = ReaderFactory.create_batch(3, home_library=library_a)
    theirs = ReaderFactory(home_library=library_b)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library_a)
    client.force_login(librarian)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("patrons:staff_reader_list")).content.decode()
    assert all(r.card_number in page for r in mine)
    assert theirs.card_number not in page
    assert AuditEntry.objects.filter(actor=librarian).count() == 3
    assert client.get(reverse("patrons:staff_reader_detail", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("patrons:staff_reader_detail", args=[mine[0].pk])).status_code == 200
    assert AuditEntry.objects.filter(actor=librarian, subject_id=str(mine[0].pk)).count() == 2


def test_reader_pages_need_login(client):
    response = client.get(reverse("patrons:me"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("patrons:staff_reader_list")).status_code == 302


def test_reader_cannot_open_staff_pages(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert client.get(reverse("patrons:staff_reader_list")).status_code == 403
    assert client.get(reverse("accounts:staff_home")).status_code == 403
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_erase_page_says_what_to_return_first(client):
    from wenlan.circulation.tests.factories import LoanFactory

    reader = ReaderFactory()
    LoanFactory(
        reader=reader,
        item__barcode="B00000031",
        item__record__title="活着",
        item__due_on=datetime.date(2026, 12, 1),
    )
    client.force_login(reader.user)
    response = client.post(
        reverse("patrons:erase"),
        {"password": "Correct-horse-42", "confirm": "on"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 409
    assert "请先归还《活着》（条码 B00000031，应还日期 2026-12-01）。" in response.text
    assert Reader.objects.get(pk=reader.pk).name == reader.name
    assert "_auth_user_id" in client.session


def test_staff_erase_at_the_desk_shows_the_refusal_then_erases(client):
    from wenlan.circulation.models import Loan
    from wenlan.circulation.tests.factories import LoanFactory

    library = LibraryFactory()
    reader = ReaderFactory(home_library=library, name="赵磊")
    loan = LoanFactory(reader=reader, item__barcode="B00000032", item__record__title="围城")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    client.force_login(librarian)
    url = reverse("patrons:staff_reader_erase", args=[reader.pk])

    response = client.post(url)
    assert response.status_code == 409
    assert "《围城》" in response.text and "B00000032" in response.text
    assert Reader.objects.get(pk=reader.pk).name == "赵磊"

    Loan.objects.filter(pk=loan.pk).update(returned_at=loan.loaned_at)
    response = client.post(url)
    assert response.status_code == 302
    reader.refresh_from_db()
    assert (reader.name, reader.status) == ("", "erased")
    assert AuditEntry.objects.filter(action="erase", actor=librarian).count() == 1


def test_staff_erase_needs_the_right_to_change_the_reader(client):
    reader = ReaderFactory(home_library=LibraryFactory())
    other_librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    client.force_login(other_librarian)
    response = client.post(reverse("patrons:staff_reader_erase", args=[reader.pk]))
    assert response.status_code == 403
    assert Reader.objects.get(pk=reader.pk).name == reader.name


def test_erase_page_lists_what_to_settle_before_the_password_is_asked(client):
    from decimal import Decimal

    from wenlan.circulation.models import Fine
    from wenlan.core import clock

    reader = ReaderFactory()
    Fine.objects.create(
        reader=reader, reason="逾期 2 天", amount=Decimal("1.00"), created_at=clock.now()
    )
    client.force_login(reader.user)
    response = client.get(reverse("patrons:erase"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "请先缴清罚款 1.00 元（逾期 2 天）。" in response.text


def test_erase_page_without_anything_to_settle_shows_no_refusal(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    response = client.get(reverse("patrons:erase"))
    assert response.status_code == 200
    assert 'id="erase-refusal"' not in response.text
