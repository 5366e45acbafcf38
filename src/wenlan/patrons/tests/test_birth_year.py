"""The optional birth year: given at sign-up, on the reader's profile and at the
desk (the staff admin), checked (1900 to this year) in both languages, in the
reader's data download, and cleared by erasure."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditAction, AuditEntry
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons import services
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.forms import ProfileForm, SignupForm
from wenlan.patrons.models import Reader
from wenlan.patrons.selectors import reader_birth_years_allowing_analytics
from wenlan.patrons.tests.factories import OfflineReaderFactory, ReaderFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 10, 0))


def _signup(library, **overrides):
    return {
        "card_number": "HZ55555555",
        "name": "王芳",
        "phone": "13800000000",
        "email": "",
        "category": "child",
        "home_library": library.pk,
        "password1": "Quiet-lake-2026",
        "password2": "Quiet-lake-2026",
        **overrides,
    }


def _profile(reader, **overrides):
    return {
        "name": reader.name,
        "phone": reader.phone,
        "email": "",
        "language": "zh-hans",
        **overrides,
    }


@pytest.mark.parametrize(("given", "kept"), [("2018", 2018), ("", None), ("1900", 1900)])
def test_signup_keeps_the_birth_year_or_none(client, given, kept):
    library = LibraryFactory()
    with clock.freeze(NOW):
        response = client.post(reverse("patrons:signup"), _signup(library, birth_year=given))
    assert response.status_code == 302
    assert Reader.objects.get().birth_year == kept


@pytest.mark.parametrize(
    ("language", "given", "message"),
    [
        ("en", "2027", "The year of birth cannot be after this year."),
        ("en", "1899", "The year of birth cannot be before 1900."),
        ("en", "nineteen", "Enter a whole number."),
        ("zh-hans", "2027", "出生年份不能晚于今年。"),
        ("zh-hans", "1899", "出生年份不能早于 1900 年。"),
    ],
)
def test_signup_refuses_a_birth_year_in_the_future_or_before_1900(client, language, given, message):
    library = LibraryFactory()
    with clock.freeze(NOW):
        response = client.post(
            reverse("patrons:signup"),
            _signup(library, birth_year=given),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Reader.objects.count() == 0


def test_the_signup_field_is_optional_and_labelled_in_both_languages(client):
    from django.utils import translation

    for language, label in (("en", "Year of birth"), ("zh-hans", "出生年份")):
        with translation.override(language):
            form = SignupForm(libraries=[])
            assert str(form.fields["birth_year"].label) == label
            assert form.fields["birth_year"].required is False
    page = client.get(reverse("patrons:signup"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="birth_year"' in page and "Only the year is kept" in page


def test_the_reader_sees_and_changes_their_birth_year_on_their_profile(client):
    reader = ReaderFactory(birth_year=1980, language="en", user__language="en")
    client.force_login(reader.user)
    page = client.get(reverse("patrons:me"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Year of birth" in page and "1980" in page
    form = client.get(reverse("patrons:profile_edit")).content.decode()
    assert 'name="birth_year"' in form and 'value="1980"' in form

    with clock.freeze(NOW):
        response = client.post(reverse("patrons:profile_edit"), _profile(reader, birth_year="1981"))
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.birth_year == 1981
    client.post(reverse("patrons:profile_edit"), _profile(reader, birth_year="", language="en"))
    reader.refresh_from_db()
    assert reader.birth_year is None


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The year of birth cannot be after this year."), ("zh-hans", "出生年份不能晚于今年。")],
)
def test_the_profile_refuses_a_future_birth_year(client, language, message):
    reader = ReaderFactory(birth_year=1980, language=language, user__language=language)
    client.force_login(reader.user)
    with clock.freeze(NOW):
        response = client.post(
            reverse("patrons:profile_edit"),
            _profile(reader, birth_year="2027", language=language),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 200 and message in response.content.decode()
    reader.refresh_from_db()
    assert reader.birth_year == 1980


def test_the_profile_form_takes_this_years_birth_and_not_next_years():
    reader = ReaderFactory()
    with clock.freeze(NOW):
        assert ProfileForm(_profile(reader, birth_year="2026"), instance=reader).is_valid()
        assert not ProfileForm(_profile(reader, birth_year="2027"), instance=reader).is_valid()


def test_the_service_refuses_a_bad_year_from_any_caller():
    reader = ReaderFactory()
    with clock.freeze(NOW), pytest.raises(services.ValidationError) as refused:
        services.reader_update(actor=reader.user, reader_id=reader.pk, birth_year=1850)
    assert refused.value.field == "birth_year"
    reader.refresh_from_db()
    assert reader.birth_year is None


def test_staff_record_it_at_the_desk_and_in_the_admin_audited(client):
    library = LibraryFactory()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    reader = services.reader_register_at_desk(
        actor=librarian, card_number="HZ77777777", name="周建国", home_library_id=library.pk,
        birth_year=1950,
    )  # fmt: skip
    assert reader.birth_year == 1950
    client.force_login(librarian)
    page = client.get(f"/admin/patrons/reader/{reader.pk}/change/").content.decode()
    assert 'name="birth_year"' in page
    form = {
        "name": reader.name, "phone": "", "email": "", "category": "senior",
        "birth_year": "1951", "home_library": library.pk, "status": ReaderStatus.ACTIVE,
        "expiry_date": reader.expiry_date.isoformat(), "language": "zh-hans",
        "allow_analytics": "on", "email_notices": "on",
    }  # fmt: skip
    response = client.post(f"/admin/patrons/reader/{reader.pk}/change/", form)
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.birth_year == 1951
    change = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert set(change.fields) == {"birth_year", "category"}
    detail = client.get(reverse("patrons:staff_reader_detail", args=[reader.pk]))
    assert "1951" in detail.content.decode()


def test_the_birth_year_is_in_the_download_and_erasure_clears_it():
    reader = ReaderFactory(birth_year=1990)
    data = services.reader_export_data(actor=reader.user, reader_id=reader.pk)
    assert data["reader"]["birth_year"] == 1990
    assert ReaderFactory().birth_year is None

    services.reader_erase(actor=reader.user, reader_id=reader.pk)
    reader.refresh_from_db()
    assert reader.birth_year is None and reader.status == ReaderStatus.ERASED


def test_only_readers_who_allow_analytics_give_their_birth_year_to_the_export():
    shared = OfflineReaderFactory(birth_year=1990)
    OfflineReaderFactory(birth_year=1991, allow_analytics=False)
    OfflineReaderFactory(birth_year=None)
    erased = OfflineReaderFactory(birth_year=1992)
    services.reader_erase(actor=staff_with_role(Role.NETWORK_ADMIN), reader_id=erased.pk)
    assert list(reader_birth_years_allowing_analytics()) == [(shared.pk, 1990)]
