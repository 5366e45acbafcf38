"""A certificate as a PDF (WeasyPrint: HTML and CSS to PDF, with Pango laying out
the Chinese text in a CJK font), in the holder's language, with its verification
URL and that URL's QR code."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from wenlan.core.qr import qr_svg
from wenlan.learning.models import Certificate

STYLESHEET = Path(__file__).parent / "templates" / "learning" / "certificate_pdf.css"


def certificate_pdf(*, certificate: Certificate, verify_url: str, language: str) -> bytes:
    import weasyprint  # its native libraries load on first use, not at startup

    with translation.override(language):
        html = render_to_string(
            "learning/certificate_pdf.html",
            {
                "certificate": certificate,
                "course": certificate.course,
                "verify_url": verify_url,
                "qr": qr_svg(verify_url),
            },
        )
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
