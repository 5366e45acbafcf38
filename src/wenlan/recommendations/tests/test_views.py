"""The reader's page (off by default, turning on and off, the lists with reasons
and a hold link), the API, the personal-data section, and the staff page."""

import pytest
from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.patrons.services import reader_export_data
from wenlan.recommendations.enums import ReasonKind
from wenlan.recommendations.models import Recommendation, SegmentMember
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained():
    world = borrowing_world()
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    return world


def test_off_by_default_with_an_invitation(client):
    world = borrowing_world(readers_per_kind=1, opted_in=False)
    reader = world.readers[0][0]
    client.force_login(reader.user)
    page = client.get(reverse("recommendations:my_recommendations"))
    assert page.status_code == 200
    assert b'id="recs-invite"' in page.content
    me = client.get(reverse("patrons:me"))
    assert reverse("recommendations:my_recommendations").encode() in me.content


def test_turn_on_then_off_deletes_the_lists_at_once(client, trained):
    reader = trained.readers[0][0]
    client.force_login(reader.user)
    assert Recommendation.objects.filter(reader=reader).exists()
    page = client.get(reverse("recommendations:my_recommendations"))
    assert b'id="recs-books"' in page.content
    first = Recommendation.objects.filter(reader=reader).order_by("rank").first()
    assert reverse("circulation:my_hold_place", args=[first.record_id]).encode() in page.content
    client.post(reverse("recommendations:recs_turn_off"))
    reader.refresh_from_db()
    assert not reader.allow_recommendations
    assert not Recommendation.objects.filter(reader=reader).exists()
    client.post(reverse("recommendations:recs_turn_on"))
    reader.refresh_from_db()
    assert reader.allow_recommendations


def test_reasons_in_both_languages(client, trained):
    reader = trained.readers[0][0]
    Recommendation.objects.filter(reader=reader).update(reason=ReasonKind.SEGMENT)
    client.force_login(reader.user)
    zh = client.get(reverse("recommendations:my_recommendations"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "读者中很受欢迎".encode() in zh.content
    reader.language = "en"
    reader.save()
    reader.user.language = "en"
    reader.user.save()
    en = client.get(reverse("recommendations:my_recommendations"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Popular with" in en.content


def test_api_for_the_signed_in_reader(client, trained, django_assert_max_num_queries):
    reader = trained.readers[0][0]
    client.force_login(reader.user)
    with django_assert_max_num_queries(12):
        body = client.get("/api/recommendations/me").json()
    assert body["enabled"] is True
    assert body["books"][0]["hold_url"].startswith("/me/holds/place/")
    assert all(b["reason"] for b in body["books"])
    reader.allow_recommendations = False
    reader.save()
    assert client.get("/api/recommendations/me").json() == {
        "enabled": False,
        "books": [],
        "events": [],
    }


def test_export_and_erasure(trained):
    reader = trained.readers[0][0]
    data = reader_export_data(actor=reader.user, reader_id=reader.pk)["recommendations"]
    assert data["books"] and data["segment"] == "literature"
    from wenlan.recommendations.personal_data import recommendations_erase

    recommendations_erase(reader.pk)
    assert not Recommendation.objects.filter(reader=reader).exists()
    assert SegmentMember.objects.count() == 23


def test_staff_see_counts_never_members(client, trained):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=trained.libraries[0])
    client.force_login(librarian)
    page = client.get(reverse("recommendations:staff_segments"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "文学爱好者" in content
    for reader, _kind in trained.readers:
        assert reader.name not in content and reader.card_number not in content


def test_staff_label_a_segment(client, trained):
    from wenlan.recommendations.models import Segment

    librarian = staff_with_role(Role.NETWORK_ADMIN)
    client.force_login(librarian)
    segment = Segment.objects.get(code="literature")
    client.post(
        reverse("recommendations:segment_label", args=[segment.pk]),
        {f"s{segment.pk}-label_zh": "小说迷", f"s{segment.pk}-label_en": "Fiction fans"},
    )
    segment.refresh_from_db()
    assert (segment.label_zh, segment.label_en) == ("小说迷", "Fiction fans")


def test_turning_off_on_the_privacy_page_deletes_the_lists_too(client, trained):
    reader = trained.readers[0][0]
    client.force_login(reader.user)
    assert Recommendation.objects.filter(reader=reader).exists()
    client.post(
        reverse("patrons:privacy_edit"),
        {"keep_reading_history": "on", "allow_analytics": "on", "email_notices": "on"},
    )
    reader.refresh_from_db()
    assert not reader.allow_recommendations
    assert not Recommendation.objects.filter(reader=reader).exists()
