"""QR codes as SVG (no image library needed): an event ticket's, a reader's e-card."""

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    """`text` as a QR code: an <svg> element whose squares are one path, with a
    quiet zone of two modules; its size is the page's to set (CSS)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    return image.to_string(encoding="unicode")
