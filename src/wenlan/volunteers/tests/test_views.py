import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.models import AuditEntry
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.volunteers.enums import HoursStatus, ProfileStatus
from wenlan.volunteers.exports import COLUMNS
from wenlan.volunteers.models import HoursCertificate, ShiftSignup, VolunteerProfile
from wenlan.volunteers.tests.factories import (
    BASE,
    ID_NUMBER,
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    SignupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return staff_with_role(Role.VOLUNTEER_COORDINATOR)


def test_me_links_to_the_volunteer_page(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert reverse("volunteers:me") in client.get(reverse("patrons:me")).content.decode()
    assert client.get(reverse("volunteers:me"))["Location"] == reverse("volunteers:apply")


def test_apply_with_a_bad_id_number_says_why_and_saves_nothing(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    response = client.post(
        reverse("volunteers:apply"),
        {"id_number": "110105194912310021", "background": "lawyer", "district": "xihu"},
    )
    assert response.status_code == 200
    assert "身份证号无效" in response.content.decode()
    assert not VolunteerProfile.objects.exists()


def test_the_whole_journey_by_pages(client, coordinator):
    reader = ReaderFactory(name="王芳")
    shift = ShiftFactory(opportunity__title_zh="少儿阅览室导读", checkin_code="JRNY23")
    client.force_login(reader.user)
    client.post(
        reverse("volunteers:apply"),
        {
            "id_number": ID_NUMBER,
            "background": "teacher",
            "district": "xihu",
            "skills": ["storytelling"],
            "languages": ["zh", "en"],
            "availability": ["5-1"],
        },
    )
    profile = VolunteerProfile.objects.get()
    assert profile.status == ProfileStatus.APPLIED

    client.force_login(coordinator)
    page = client.get(reverse("volunteers:staff_pool")).content.decode()
    assert "王芳" in page
    client.post(reverse("volunteers:staff_profile_approve", args=[profile.pk]))
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.APPROVED

    client.force_login(reader.user)
    with clock.freeze(BASE - dt.timedelta(days=1)):
        assert "少儿阅览室导读" in client.get(reverse("volunteers:shifts")).content.decode()
        client.post(reverse("volunteers:signup_create", args=[shift.pk]))
    with clock.freeze(BASE - dt.timedelta(minutes=5)):
        client.post(reverse("volunteers:check_in"), {"code": "jrny23"})
    with clock.freeze(BASE + dt.timedelta(hours=3, minutes=5)):
        client.post(reverse("volunteers:check_out"), {"code": "JRNY23"})
    signup = ShiftSignup.objects.get()
    assert signup.worked_minutes == 190

    client.force_login(coordinator)
    assert "王芳" in client.get(reverse("volunteers:staff_hours")).content.decode()
    client.post(
        reverse("volunteers:staff_hours_approve", args=[signup.pk]),
        {"minutes": "180", "reason": "提前到岗不计"},
    )
    signup.refresh_from_db()
    assert (signup.hours_status, signup.approved_minutes) == (HoursStatus.APPROVED, 180)

    client.force_login(reader.user)
    page = client.get(reverse("volunteers:me")).content.decode()
    assert "3.0" in page
    client.post(reverse("volunteers:certificate_issue"))
    certificate = HoursCertificate.objects.get()
    pdf = client.get(reverse("volunteers:certificate_pdf", args=[certificate.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.logout()
    verify = client.get(reverse("volunteers:certificate_verify", args=[certificate.code]))
    text = verify.content.decode()
    assert verify.status_code == 200 and "王*" in text and "王芳" not in text
    assert client.get(reverse("volunteers:certificate_verify", args=["NOPE"])).status_code == 404


def test_the_shift_page_shows_code_qr_and_why_each_is_suggested(client, coordinator):
    shift = ShiftFactory(opportunity=OpportunityFactory(needs_skills=",legal_advice,"))
    ProfileFactory(reader__name="李律师", skills=",legal_advice,", district="xihu")
    ProfileFactory(reader__name="赵老师", skills=",storytelling,")
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:staff_shift", args=[shift.pk])).content.decode()
    assert shift.checkin_code in page and "<svg" in page
    assert "李律师" in page and "法律咨询" in page and "同区" in page
    assert "赵老师" not in page


def test_the_pool_page_answers_in_few_queries(client, coordinator, django_assert_max_num_queries):
    for _ in range(30):
        ProfileFactory()
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("volunteers:staff_pool"), {"skill": "guiding", "weekday": "5"}
        )
    assert "找到 30 位志愿者" in response.content.decode()


def test_reading_the_id_number_on_the_page_is_audited(client, coordinator):
    profile = ProfileFactory()
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:staff_profile", args=[profile.pk])).content.decode()
    assert ID_NUMBER not in page and "110***********002X" in page
    response = client.post(reverse("volunteers:staff_profile_identity", args=[profile.pk]))
    assert ID_NUMBER in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(fields=["id_number"]).count() == 1


def test_the_export_has_the_national_system_columns(client, coordinator):
    profile = ProfileFactory(reader__name="周建国")
    SignupFactory(
        profile=profile,
        hours_status=HoursStatus.APPROVED,
        approved_minutes=150,
        shift__opportunity__title_zh="文澜讲堂引导",
    )
    client.force_login(coordinator)
    response = client.get(reverse("volunteers:staff_hours_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][1:4] == ("周建国", "居民身份证", ID_NUMBER)  # coordinators may read it
    assert (rows[1][6], rows[1][10], rows[1][11]) == ("文澜讲堂引导", 1, 2.5)
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_volunteer_and_coordinator_lists_answer_in_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    profile = ProfileFactory()
    for _ in range(6):
        SignupFactory(profile=profile)
    for _ in range(6):
        ShiftFactory()
    client.force_login(profile.reader.user)
    with clock.freeze(BASE - dt.timedelta(days=1)):
        with django_assert_max_num_queries(14):
            assert client.get(reverse("volunteers:me")).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("volunteers:shifts")).status_code == 200
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:staff_opportunities")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:staff_hours")).status_code == 200


def test_pages_in_the_readers_language(client):
    profile = ProfileFactory(reader__language="en", reader__user__language="en")
    client.force_login(profile.reader.user)
    page = client.get(reverse("volunteers:me")).content.decode()
    assert "My volunteering" in page
    page = client.get(reverse("volunteers:apply")).content.decode()
    assert "Sat afternoon" in page and "Legal advice" in page


def test_an_events_page_shows_the_shifts_that_serve_it_in_both_languages(client, settings):
    from wenlan.events.tests.factories import OccurrenceFactory

    occurrence = OccurrenceFactory(starts_at=BASE, ends_at=BASE + dt.timedelta(hours=2))
    wanted = ShiftFactory(
        occurrence=occurrence, starts_at=BASE - dt.timedelta(minutes=30), capacity=3,
        opportunity=OpportunityFactory(title_zh="讲座引导", title_en="Guiding the audience"),
    )  # fmt: skip
    ShiftFactory(occurrence=occurrence, is_cancelled=True)
    week_before = BASE - dt.timedelta(days=7)
    ShiftFactory(
        occurrence=OccurrenceFactory(event=occurrence.event, starts_at=week_before),
        starts_at=week_before, ends_at=week_before + dt.timedelta(hours=2),
    )  # fmt: skip
    SignupFactory(shift=wanted)
    page = reverse("events:event_detail", args=[occurrence.event_id])
    with clock.freeze(BASE - dt.timedelta(days=1)):
        html = client.get(page).content.decode()
        assert html.count("<li><time") == 1  # the cancelled and the past shift are left out
        assert "志愿者招募" in html and "讲座引导" in html and "余 2 / 3 个名额" in html
        assert reverse("volunteers:shifts") in html
        client.cookies["wenlan_language"] = "en"
        english = client.get(page).content.decode()
    assert "Volunteers wanted" in english and "Guiding the audience" in english


def test_an_events_page_without_shifts_says_nothing_of_volunteers(client):
    from wenlan.events.tests.factories import OccurrenceFactory

    occurrence = OccurrenceFactory()
    html = client.get(reverse("events:event_detail", args=[occurrence.event_id])).content.decode()
    assert "志愿者招募" not in html
