"""One language preference per person: the header's switch and the profile's
choice are the same setting, and every message follows it."""

import pytest
from django.urls import reverse

from wenlan.accounts.tests.factories import UserFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import OfflineReaderFactory, ReaderFactory

pytestmark = pytest.mark.django_db


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
