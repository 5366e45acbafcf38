"""A certificate of volunteer hours as a PDF (WeasyPrint), in the holder's
language, with its verification URL and that URL's QR code (as learning's)."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from wenlan.core.qr import qr_svg
from wenlan.volunteers import policies
from wenlan.volunteers.models import HoursCertificate

STYLESHEET = Path(__file__).parent / "templates" / "volunteers" / "certificate_pdf.css"


def certificate_pdf(*, certificate: HoursCertificate, verify_url: str, language: str) -> bytes:
    import weasyprint  # its native libraries load on first use, not at startup

    with translation.override(language):
        html = render_to_string(
            "volunteers/certificate_pdf.html",
            {
                "certificate": certificate,
                "hours": policies.hours_display(certificate.minutes),
                "stars": range(policies.stars(certificate.minutes)),
                "verify_url": verify_url,
                "qr": qr_svg(verify_url),
            },
        )
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
