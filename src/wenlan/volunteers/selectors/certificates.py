"""A volunteer's certificates, and what the public verification page may show."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from wenlan.volunteers import policies
from wenlan.volunteers.models import HoursCertificate


def certificates_of_profile(*, profile_id: int) -> list[HoursCertificate]:
    return list(HoursCertificate.objects.filter(profile_id=profile_id, revoked_at__isnull=True))


def certificate_for_holder(*, reader_id: int, code: str) -> HoursCertificate | None:
    return HoursCertificate.objects.filter(
        profile__reader_id=reader_id, code=policies.code_normalise(code), revoked_at__isnull=True
    ).first()


@dataclass(frozen=True)
class Verification:
    """All the public learns of a code: genuine or not and, if genuine, the hours,
    the date and the holder's masked name."""

    genuine: bool
    hours: str = ""
    issued_on: dt.date | None = None
    holder_masked: str = ""


def certificate_verify(*, code: str) -> Verification:
    certificate = HoursCertificate.objects.filter(
        code=policies.code_normalise(code), revoked_at__isnull=True
    ).first()
    if certificate is None:
        return Verification(genuine=False)
    return Verification(
        genuine=True,
        hours=policies.hours_display(certificate.minutes),
        issued_on=timezone.localdate(certificate.issued_at),
        holder_masked=policies.name_masked(certificate.holder_name),
    )
