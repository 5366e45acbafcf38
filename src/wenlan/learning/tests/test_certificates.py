import pytest
from django.urls import reverse

from wenlan.learning.selectors.certificates import certificate_verify
from wenlan.learning.tests.factories import CertificateFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_verification_shows_only_course_date_and_masked_name(client):
    reader = ReaderFactory(name="王芳", phone="13900001111", card_number="R20261205")
    certificate = CertificateFactory(reader=reader, course__title_zh="宋韵文化十讲")
    response = client.get(reverse("learning:certificate_verify", args=[certificate.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "证书真实有效" in page and "宋韵文化十讲" in page and "王*" in page
    assert "2026-12-05" in page
    for secret in ("王芳", "13900001111", reader.card_number):
        assert secret not in page


def test_unknown_or_revoked_code_is_not_genuine(client):
    response = client.get(reverse("learning:certificate_verify", args=["NOSUCHCODE"]))
    assert response.status_code == 404
    assert "查无此证书" in response.content.decode()
    from wenlan.core import clock

    revoked = CertificateFactory(revoked_at=clock.now())
    assert not certificate_verify(code=revoked.code).genuine


def test_pdf_in_the_readers_language_with_its_url(client):
    pytest.importorskip("weasyprint")
    reader = ReaderFactory(name="王芳", language="en")
    certificate = CertificateFactory(reader=reader)
    client.force_login(reader.user)
    response = client.get(reverse("learning:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_someone_elses_certificate_pdf_is_404(client):
    certificate = CertificateFactory()
    client.force_login(ReaderFactory().user)
    response = client.get(reverse("learning:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 404
