import io

import pytest
from django.core.management import call_command

from wenlan.reference.models import AllianceMember, Question, Referral

pytestmark = pytest.mark.django_db


def test_the_demo_has_questions_in_every_state_once(whole_demo, client):
    from wenlan.core import clock

    states = sorted(Question.objects.values_list("status", flat=True))
    assert states == [
        "answered",
        "answered",
        "assigned",
        "assigned",
        "closed",
        "new",
        "new",
        "new",
        "new",
        "referred",
        "referred",
    ]
    now = clock.now()
    assert Question.objects.filter(status="new", due_at__lt=now).count() == 1
    assert Referral.objects.filter(status="sent", due_at__lt=now).count() == 1
    assert Referral.objects.filter(status="answered").count() == 1
    assert set(Question.objects.values_list("channel", flat=True)) == {"web", "robot", "api"}
    assert AllianceMember.objects.filter(is_active=True).count() == 3
    credentials = whole_demo.credentials()["reference"]
    assert client.login(
        username=credentials["librarian"]["username"],
        password=credentials["librarian"]["password"],
    )
    assert client.get("/staff/reference/?tab=overdue").status_code == 200
    client.logout()
    listed = client.get(
        "/api/reference/referrals", headers={"X-API-Key": credentials["partner"]["api_key"]}
    ).json()
    assert {r["status"] for r in listed} == {"sent", "answered"}
    call_command("demo", stdout=io.StringIO())
    assert Question.objects.count() == 11 and Referral.objects.count() == 3
