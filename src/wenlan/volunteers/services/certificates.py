"""Certificates of approved hours: one per volunteer and total, made when they ask
(a certificate states the hours approved on the day it was issued, so an older one
stays genuine for what it says)."""

from django.db import IntegrityError, transaction

from wenlan.core import clock
from wenlan.volunteers import locks, policies
from wenlan.volunteers.enums import ProfileStatus
from wenlan.volunteers.errors import NoHoursError, NotApprovedError
from wenlan.volunteers.models import HoursCertificate, VolunteerProfile
from wenlan.volunteers.selectors.hours import approved_minutes
from wenlan.volunteers.services.profiles import acting_reader_id


@transaction.atomic
def certificate_issue(*, actor) -> HoursCertificate:
    reader_id = acting_reader_id(actor)
    found = VolunteerProfile.objects.filter(reader_id=reader_id).values_list("pk", flat=True)
    profile = locks.profile_lock(profile_id=found.first() or 0)
    if profile is None or profile.status != ProfileStatus.APPROVED:
        raise NotApprovedError()
    minutes = approved_minutes(profile_id=profile.pk)
    if minutes == 0:
        raise NoHoursError()
    existing = HoursCertificate.objects.filter(
        profile=profile, minutes=minutes, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return HoursCertificate.objects.create(
                code=policies.code_new(policies.CERTIFICATE_CODE_LENGTH),
                profile=profile,
                holder_name=profile.reader.name,
                minutes=minutes,
                issued_at=clock.now(),
            )
    except IntegrityError:  # the same hours certified meanwhile
        return HoursCertificate.objects.get(
            profile=profile, minutes=minutes, revoked_at__isnull=True
        )
