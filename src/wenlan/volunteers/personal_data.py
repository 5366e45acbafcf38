"""What volunteering holds about a reader (core/personal_data.py): the profile,
the sign-ups with their hours, swap offers, and certificates.

The ID number is exported to the reader masked (the first three and last four
characters), never in clear: an export file travels (mail, downloads folders),
and the reader knows their own number; a coordinator reads it in full only
through the audited page. Erasure deletes the profile's ID number (token and
masked form), skills and availability, cancels future sign-ups (their places
free up), withdraws open swap offers, and revokes the certificates with the
holder's name blanked (a verification URL then says "not genuine"). Served
shifts and their approved hours stay, tied to the blanked reader, so projects'
totals still add up."""

from wenlan.core import clock
from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.volunteers import locks, policies
from wenlan.volunteers.enums import SignupStatus, SwapStatus
from wenlan.volunteers.models import HoursCertificate, ShiftSignup, SwapOffer, VolunteerProfile


def profile_export(reader_id: int) -> dict | None:
    profile = VolunteerProfile.objects.filter(reader_id=reader_id).first()
    if profile is None:
        return None
    return {
        "status": profile.status,
        "id_number": profile.id_number_masked,
        "background": profile.background,
        "background_detail": profile.background_detail,
        "district": profile.district,
        "skills": policies.tags_decode(profile.skills),
        "languages": policies.tags_decode(profile.languages),
        "trainings": policies.tags_decode(profile.trainings),
        "checks": policies.tags_decode(profile.checks),
        "availability": [
            {"weekday": weekday, "part": part}
            for weekday, part in policies.slots_of(profile.availability)
        ],
        "applied_at": iso(profile.applied_at),
        "decided_at": iso(profile.decided_at),
    }


def profile_erase(reader_id: int) -> None:
    VolunteerProfile.objects.filter(reader_id=reader_id).update(
        id_number_encrypted="",
        id_number_masked="",
        skills="",
        languages="",
        background_detail="",
        availability=0,
        decision_note="",
    )


def signups_export(reader_id: int) -> dict:
    signups = ShiftSignup.objects.filter(profile__reader_id=reader_id).select_related(
        "shift__opportunity"
    )
    offers = SwapOffer.objects.filter(to_profile__reader_id=reader_id) | SwapOffer.objects.filter(
        signup__profile__reader_id=reader_id
    )
    return {
        "signups": [
            {
                "project": s.shift.opportunity.title_zh,
                "shift_starts_at": iso(s.shift.starts_at),
                "status": s.status,
                "created_at": iso(s.created_at),
                "cancelled_at": iso(s.cancelled_at),
                "checked_in_at": iso(s.checked_in_at),
                "checked_out_at": iso(s.checked_out_at),
                "worked_minutes": s.worked_minutes,
                "hours_status": s.hours_status,
                "approved_minutes": s.approved_minutes,
                "correction_reason": s.correction_reason,
            }
            for s in signups.order_by("created_at", "pk")
        ],
        "swap_offers": [
            {
                "signup_shift_id": o.signup.shift_id,
                "offered_to_me": o.to_profile.reader_id == reader_id,
                "status": o.status,
                "created_at": iso(o.created_at),
                "decided_at": iso(o.decided_at),
            }
            for o in offers.select_related("signup", "to_profile").order_by("pk")
        ],
    }


def signups_erase(reader_id: int) -> None:
    """Future sign-ups are cancelled under their shifts' locks (in primary-key
    order); open swap offers from or to the reader are withdrawn."""
    now = clock.now()
    SwapOffer.objects.filter(to_profile__reader_id=reader_id, status=SwapStatus.OFFERED).update(
        status=SwapStatus.WITHDRAWN, decided_at=now
    )
    SwapOffer.objects.filter(
        signup__profile__reader_id=reader_id, status=SwapStatus.OFFERED
    ).update(status=SwapStatus.WITHDRAWN, decided_at=now)
    future = ShiftSignup.objects.filter(
        profile__reader_id=reader_id,
        status=SignupStatus.SIGNED_UP,
        checked_in_at__isnull=True,
        shift__starts_at__gt=now,
    )
    for shift_id in sorted(set(future.values_list("shift_id", flat=True))):
        shift = locks.shift_lock(shift_id=shift_id)
        count = future.filter(shift_id=shift_id).update(
            status=SignupStatus.CANCELLED, cancelled_at=now
        )
        shift.signed_up_count -= count
        shift.save(update_fields=["signed_up_count"])


def certificates_export(reader_id: int) -> list[dict]:
    return [
        {
            "code": c.code,
            "holder_name": c.holder_name,
            "minutes": c.minutes,
            "issued_at": iso(c.issued_at),
            "revoked_at": iso(c.revoked_at),
        }
        for c in HoursCertificate.objects.filter(profile__reader_id=reader_id).order_by("pk")
    ]


def certificates_erase(reader_id: int) -> None:
    now = clock.now()
    mine = HoursCertificate.objects.filter(profile__reader_id=reader_id)
    mine.filter(revoked_at__isnull=True).update(revoked_at=now)
    mine.update(holder_name="")


SECTIONS = (
    PersonalDataSection(
        name="volunteer_profile",
        models=("volunteers.VolunteerProfile",),
        export=profile_export,
        erase=profile_erase,
        order=40,
    ),
    PersonalDataSection(
        name="volunteer_shifts",
        models=("volunteers.ShiftSignup", "volunteers.SwapOffer"),
        export=signups_export,
        erase=signups_erase,
        order=41,
    ),
    PersonalDataSection(
        name="volunteer_certificates",
        models=("volunteers.HoursCertificate",),
        export=certificates_export,
        erase=certificates_erase,
        order=42,
    ),
)
