"""A reader's certificates, and what the public verification page may show."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from wenlan.learning import policies
from wenlan.learning.models import Certificate, Course
from wenlan.learning.policies import code_normalise


def certificate_of(*, reader_id: int, course_id: int) -> Certificate | None:
    return Certificate.objects.filter(
        reader_id=reader_id, course_id=course_id, revoked_at__isnull=True
    ).first()


def certificates_of_reader(*, reader_id: int) -> list[Certificate]:
    return list(
        Certificate.objects.filter(reader_id=reader_id, revoked_at__isnull=True).select_related(
            "course__provider"
        )
    )


def certificate_for_holder(*, reader_id: int, code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(reader_id=reader_id, code=code_normalise(code))
        .select_related("course__provider")
        .first()
    )


@dataclass(frozen=True)
class Verification:
    """All the public learns of a certificate code: genuine or not and, if genuine,
    the course, the date and the holder's masked name."""

    genuine: bool
    course: Course | None = None
    issued_on: dt.date | None = None
    holder_masked: str = ""


def certificate_verify(*, code: str) -> Verification:
    certificate = (
        Certificate.objects.filter(code=code_normalise(code), revoked_at__isnull=True)
        .select_related("course")
        .first()
    )
    if certificate is None:
        return Verification(genuine=False)
    return Verification(
        genuine=True,
        course=certificate.course,
        issued_on=timezone.localdate(certificate.issued_at),
        holder_masked=policies.name_masked(certificate.holder_name),
    )
