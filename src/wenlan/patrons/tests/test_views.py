import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.models import LoginFailure
from wenlan.accounts.tests.factories import UserFactory, staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import OfflineReaderFactory, ReaderFactory

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


def test_signup_page_registers_a_new_reader_who_then_signs_in(client):
    library = LibraryFactory()
    response = client.post(reverse("patrons:signup"), _signup_data(library))
    assert response.status_code == 302 and response.url == reverse("patrons:signup_done")
    assert Reader.objects.get().card_number == "HZ55555555"
    assert "_auth_user_id" not in client.session
    login = client.post(
        reverse("accounts:login"), {"username": "HZ55555555", "password": "Quiet-lake-2026"}
    )
    assert login.status_code == 302
    assert client.get(reverse("patrons:me")).status_code == 200


def test_signup_answers_alike_for_a_new_a_desk_issued_and_an_online_card(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Before, a desk card with another phone number and an online card each got
    their own error on the form: anyone could learn which cards exist."""
    library = LibraryFactory()
    desk = OfflineReaderFactory(
        card_number="HZ00000099", phone="13900000001", email="desk@example.org", language="en"
    )
    online = ReaderFactory(card_number="HZ00000001", email="online@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(reverse("patrons:signup"), _signup_data(library, card_number=card))
            for card in ("HZ55555555", "HZ00000099", "HZ00000001")
        ]
    assert [(a.status_code, a.url) for a in answers] == [(302, reverse("patrons:signup_done"))] * 3
    desk.refresh_from_db()
    online.user.refresh_from_db()
    assert desk.user_id is None
    assert online.user.check_password("Correct-horse-42")
    assert Reader.objects.count() == 3
    # The holders are told the next step at the e-mail address on record.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["desk@example.org"], "Wenlan: about your reader card"),
        (["online@example.org"], "文澜：关于您的读者卡"),
    ]
    assert "the mobile number given is not the one on record" in mailoutbox[0].body
    assert "但这张卡已经开通" in mailoutbox[1].body


def test_claiming_a_desk_card_by_its_phone_number_is_throttled(client):
    """Before, forty guesses of the phone number in a second were all checked."""
    library = LibraryFactory()
    desk = OfflineReaderFactory(card_number="HZ00000099", phone="13900000001")
    statuses = []
    for n in range(40):
        response = client.post(
            reverse("patrons:signup"),
            _signup_data(library, card_number="HZ00000099", phone=f"1390000{n + 2:04d}"),
            REMOTE_ADDR="198.51.100.9",
        )
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [200] * 35
    assert "尝试次数过多，请稍后再试。" in response.content.decode()
    # The right number from the same address is refused too; nothing was opened.
    right = client.post(
        reverse("patrons:signup"),
        _signup_data(library, card_number="HZ00000099", phone="13900000001"),
        REMOTE_ADDR="198.51.100.9",
    )
    assert right.status_code == 200
    desk.refresh_from_db()
    assert desk.user_id is None
    assert LoginFailure.objects.filter(username="hz00000099").count() == 5


def test_the_holder_claims_a_desk_card_from_elsewhere_despite_a_strangers_guesses(client):
    library = LibraryFactory()
    desk = OfflineReaderFactory(card_number="HZ00000099", phone="13900000001")
    for n in range(5):
        client.post(
            reverse("patrons:signup"),
            _signup_data(library, card_number="HZ00000099", phone=f"1390000{n + 2:04d}"),
            REMOTE_ADDR="198.51.100.9",
        )
    with clock.freeze(clock.now() + dt.timedelta(seconds=10)):
        response = client.post(
            reverse("patrons:signup"),
            _signup_data(library, card_number="HZ00000099", phone="13900000001"),
            REMOTE_ADDR="192.0.2.10",
        )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.user.username == "HZ00000099"


ALL_WRONG = {
    "card_number": "1",
    "phone": "call me",
    "email": "not-an-email",
    "password1": "123",
    "password2": "321",
}


def test_signup_shows_every_error_at_once_in_english(client):
    """Before, the card number and the password were checked one after the other,
    after the form, so a reader met them one at a time."""
    library = LibraryFactory()
    response = client.post(
        reverse("patrons:signup"), _signup_data(library, **ALL_WRONG), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in (
        "A card number has 6 to 32 letters or digits (an ID card number will do).",
        "Enter a valid phone number.",
        "Enter a valid email address.",
        "This password is too short. It must contain at least 8 characters.",
        "The two passwords do not match.",
    ):
        assert message in body
    assert not re.search(r"[\u4e00-\u9fff]", _errors(body))
    assert Reader.objects.count() == 0


def test_signup_shows_every_error_at_once_in_chinese(client):
    library = LibraryFactory()
    response = client.post(
        reverse("patrons:signup"),
        _signup_data(library, **ALL_WRONG),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = response.content.decode()
    for message in (
        "读者卡号为 6 到 32 位字母或数字（可使用身份证号）。",
        "请输入有效的电话号码。",
        "两次输入的密码不一致。",
    ):
        assert message in body
    # and the password's three: too short, too common, entirely numeric
    assert len(re.findall(r'<p class="error" role="alert">', body)) == 7
    assert Reader.objects.count() == 0


def _errors(body: str) -> str:
    return " ".join(re.findall(r'<p class="error" role="alert">(.*?)</p>', body))


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
    # seen in the list, then opened, within WENLAN_AUDIT_VIEW_WINDOW_MINUTES: one visit
    assert AuditEntry.objects.filter(actor=librarian, subject_id=str(mine[0].pk)).count() == 1


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
        item__due_on=dt.date(2026, 12, 1),
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


ID_CARD = "33010619900101123X"


@pytest.mark.parametrize(
    ("card", "shown"),
    [
        ("330106199001011234", "3301**********1234"),
        ("33010619900101123X", "3301**********123X"),
        ("33010619900101123x", "3301**********123x"),
        ("330106900101123", "3301*******1123"),
        ("HZ00000001", "HZ00000001"),
        ("33010619900101123", "33010619900101123"),  # 17 digits: a library's own number
    ],
)
def test_id_card_numbers_are_masked(card, shown):
    assert Reader(card_number=card, name="王芳").card_display == shown
    assert str(Reader(card_number=card, name="王芳")) == f"{shown} 王芳"


def test_a_reader_signed_up_with_an_id_card_never_sees_it_in_full(client):
    """Before, the reader's page and the export's file name showed all 18 characters."""
    library = LibraryFactory()
    client.post(reverse("patrons:signup"), _signup_data(library, card_number=ID_CARD))
    client.post(reverse("accounts:login"), {"username": ID_CARD, "password": "Quiet-lake-2026"})
    page = client.get(reverse("patrons:me")).content.decode()
    assert "3301**********123X" in page
    assert ID_CARD not in page
    export = client.get(reverse("patrons:data_export"))
    assert export["Content-Disposition"] == 'attachment; filename="wenlan-3301xxxxxxxxxx123X.json"'


def test_staff_pages_and_the_audit_log_show_id_card_numbers_masked(client):
    reader = ReaderFactory(card_number=ID_CARD, name="王芳")
    client.force_login(staff_with_role(Role.NETWORK_ADMIN))
    pages = [
        client.get(reverse("patrons:staff_reader_list")).content.decode(),
        client.get(reverse("patrons:staff_reader_detail", args=[reader.pk])).content.decode(),
        client.get("/admin/patrons/reader/").content.decode(),
    ]
    for page in pages:
        assert "3301**********123X" in page
        assert ID_CARD not in page
    assert set(AuditEntry.objects.values_list("subject_label", flat=True)) == {
        "3301**********123X 王芳"
    }


# One language preference per person: the header's switch and the profile's
# choice are the same setting, and every message follows it.


def test_language_switch_sets_cookie_and_redirects_only_locally(client):
    response = client.post("/language/", {"language": "en", "next": "/libraries/"})
    assert response.status_code == 302 and response.url == "/libraries/"
    assert response.cookies["wenlan_language"].value == "en"
    assert client.post("/language/", {"language": "en", "next": "https://evil.example/"}).url == "/"


def test_the_header_switch_sets_the_readers_language_too(client):
    # Before: only the account's language changed; notices (reader.language) and
    # the profile form still said Chinese.
    reader = ReaderFactory(language="zh-hans", user__language="zh-hans")
    client.force_login(reader.user)
    response = client.post(reverse("patrons:language"), {"language": "en", "next": "/me/"})
    assert response.status_code == 302 and response.url == "/me/"
    assert response.cookies["wenlan_language"].value == "en"
    reader.refresh_from_db()
    reader.user.refresh_from_db()
    assert (reader.language, reader.user.language) == ("en", "en")
    form = client.get(reverse("patrons:profile_edit")).content.decode()
    assert '<option value="en" selected>English</option>' in form


def test_the_profile_choice_is_the_headers_and_its_message_is_in_it(client):
    reader = ReaderFactory(language="zh-hans", user__language="zh-hans")
    client.force_login(reader.user)
    response = client.post(
        reverse("patrons:profile_edit"),
        {"name": reader.name, "phone": reader.phone, "email": "", "language": "en"},
        follow=True,
    )
    html = response.content.decode()
    # Before: "个人信息已保存。" on the first English page.
    assert '<li class="success">Your details are saved.</li>' in html
    assert '<html lang="en">' in html
    assert response.redirect_chain[0][1] == 302
    assert client.cookies["wenlan_language"].value == "en"
    reader.user.refresh_from_db()
    assert reader.user.language == "en"


def test_staff_and_signed_out_people_switch_without_a_reader(client):
    staff = UserFactory(is_staff=True, language="zh-hans")
    offline = OfflineReaderFactory(language="zh-hans")
    client.force_login(staff)
    client.post(reverse("patrons:language"), {"language": "en"})
    staff.refresh_from_db()
    assert staff.language == "en"
    assert Reader.objects.get(pk=offline.pk).language == "zh-hans"  # nobody else's
    client.logout()
    response = client.post(reverse("patrons:language"), {"language": "en", "next": "/"})
    assert response.cookies["wenlan_language"].value == "en"


def test_an_unknown_language_changes_nothing(client):
    reader = ReaderFactory(language="zh-hans", user__language="zh-hans")
    client.force_login(reader.user)
    response = client.post(reverse("patrons:language"), {"language": "fr", "next": "/me/"})
    assert response.status_code == 302
    assert "wenlan_language" not in response.cookies
    reader.refresh_from_db()
    reader.user.refresh_from_db()
    assert (reader.language, reader.user.language) == ("zh-hans", "zh-hans")
