"""A ticket's QR code, as SVG (no image library needed)."""

import qrcode
import qrcode.image.svg


def ticket_qr_svg(ticket_code: str) -> str:
    image = qrcode.make(
        ticket_code,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    return image.to_string(encoding="unicode")
