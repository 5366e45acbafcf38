import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.network.tests.factories import PartnerFactory
from wenlan.thinktank import selectors
from wenlan.thinktank.errors import AttachmentRefusedError, ConsultingStateError
from wenlan.thinktank.models import ConsultingRequest
from wenlan.thinktank.services import consulting
from wenlan.thinktank.tests.factories import editor

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def parties(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    company, other = PartnerFactory(), PartnerFactory()
    contact = staff_with_role(Role.ENTERPRISE_CONTACT, partner=company, username="yunqi")
    stranger = staff_with_role(Role.ENTERPRISE_CONTACT, partner=other)
    return company, contact, stranger, editor(username="librarian")


def _pdf():
    return SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")


def test_filed_assigned_delivered_more_delivered_accepted(parties):
    company, contact, stranger, librarian = parties
    with clock.freeze(T0):
        request = consulting.consulting_file(
            actor=contact,
            partner_id=company.pk,
            title="锂电池回收技术",
            question="国内外锂电池回收的主要工艺路线？",
        )
    with pytest.raises(PermissionDeniedError):
        consulting.consulting_file(actor=stranger, partner_id=company.pk, title="x", question="y")
    with pytest.raises(ConsultingStateError):
        consulting.consulting_deliver(actor=librarian, request_id=request.pk, upload=_pdf())
    with clock.freeze(T0 + dt.timedelta(hours=1)):
        consulting.consulting_assign(
            actor=librarian, request_id=request.pk, assignee_id=librarian.pk
        )
    with clock.freeze(T0 + dt.timedelta(hours=30)):
        consulting.consulting_deliver(actor=librarian, request_id=request.pk, upload=_pdf())
    with pytest.raises(PermissionDeniedError):
        consulting.consulting_accept(actor=stranger, request_id=request.pk)
    with pytest.raises(ValidationError):
        consulting.consulting_ask_more(actor=contact, request_id=request.pk, comment="")
    with clock.freeze(T0 + dt.timedelta(hours=40)):
        consulting.consulting_ask_more(
            actor=contact, request_id=request.pk, comment="请补充专利情况"
        )
    with pytest.raises(AttachmentRefusedError):
        consulting.consulting_deliver(
            actor=librarian, request_id=request.pk, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with clock.freeze(T0 + dt.timedelta(hours=50)):
        consulting.consulting_deliver(
            actor=librarian, request_id=request.pk, upload=_pdf(), comment="已补充"
        )
        done = consulting.consulting_accept(actor=contact, request_id=request.pk)
    assert done.status == "accepted"
    assert [(e.status, e.comment) for e in done.events.all()] == [
        ("filed", ""),
        ("assigned", "librarian"),
        ("delivered", ""),
        ("more_requested", "请补充专利情况"),
        ("delivered", "已补充"),
        ("accepted", ""),
    ]
    figures = selectors.consulting_turnaround(actor=librarian)
    assert (figures.delivered, figures.median_hours_to_report) == (1, 30.0)
    assert (figures.accepted, figures.median_hours_to_acceptance) == (1, 50.0)
    assert figures.by_status["accepted"] == 1


def test_each_enterprise_sees_its_own_requests_and_report(parties, client):
    company, contact, stranger, librarian = parties
    request = consulting.consulting_file(
        actor=contact, partner_id=company.pk, title="标题", question="问题"
    )
    consulting.consulting_assign(actor=librarian, request_id=request.pk, assignee_id=librarian.pk)
    consulting.consulting_deliver(actor=librarian, request_id=request.pk, upload=_pdf())
    assert selectors.consulting_list(actor=contact) == [request]
    assert selectors.consulting_list(actor=stranger) == []
    url = reverse("thinktank:consulting_report", args=[request.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(contact)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("thinktank:consulting")).content.decode()
    assert "标题" in page and "验收" in page
    client.post(reverse("thinktank:consulting_accept", args=[request.pk]))
    assert ConsultingRequest.objects.get().status == "accepted"
