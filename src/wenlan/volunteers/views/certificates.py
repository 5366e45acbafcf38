"""A volunteer's certificate of hours (PDF) and the public verification page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from wenlan.core.qr import qr_svg
from wenlan.patrons.selectors import reader_of
from wenlan.volunteers.certificate_pdf import certificate_pdf
from wenlan.volunteers.selectors.certificates import certificate_for_holder, certificate_verify


def _verify_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("volunteers:certificate_verify", args=[code]))


@login_required
@require_safe
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    reader = reader_of(request.user)
    certificate = certificate_for_holder(reader_id=reader.pk, code=code) if reader else None
    if certificate is None:
        raise Http404()
    pdf = certificate_pdf(
        certificate=certificate,
        verify_url=_verify_url(request, certificate.code),
        language="en" if reader.language.startswith("en") else "zh-hans",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="volunteer-hours-{certificate.code}.pdf"'
    )
    return response


@require_safe
def certificate_verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone with the URL: genuine or not and, if genuine, the hours, the date
    and the masked name. Nothing else about the volunteer."""
    result = certificate_verify(code=code[:64])
    response = render(
        request,
        "volunteers/certificate_verify.html",
        {"result": result, "qr": qr_svg(_verify_url(request, code[:64]))},
        status=200 if result.genuine else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
