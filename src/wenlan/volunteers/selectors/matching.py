"""Who to ask for a shift: approved volunteers who meet its requirements and are
not on it yet, ranked by the skills of theirs it asks for, living in its district
and being free at its time, each with the terms that put them there."""

from dataclasses import dataclass

from django.utils import timezone

from wenlan.volunteers import policies
from wenlan.volunteers.enums import ProfileStatus, SignupStatus
from wenlan.volunteers.models import Shift, ShiftSignup, VolunteerProfile
from wenlan.volunteers.permissions import ensure_can_coordinate


@dataclass(frozen=True)
class Suggestion:
    profile: VolunteerProfile
    terms: policies.MatchTerms


def shift_suggestions(*, actor, shift: Shift, limit: int = 10) -> list[Suggestion]:
    ensure_can_coordinate(actor)
    opportunity = shift.opportunity
    needs_skills = set(policies.tags_decode(opportunity.needs_skills))
    needs_trainings = set(policies.tags_decode(opportunity.needs_trainings))
    slot = policies.shift_slot(timezone.localtime(shift.starts_at))
    taken = ShiftSignup.objects.filter(shift=shift, status=SignupStatus.SIGNED_UP).values(
        "profile_id"
    )
    candidates = (
        VolunteerProfile.objects.filter(status=ProfileStatus.APPROVED)
        .exclude(pk__in=taken)
        .select_related("reader")
        .only(
            "pk",
            "skills",
            "trainings",
            "district",
            "availability",
            "background",
            "reader__name",
            "reader__card_number",
        )
    )
    for code in needs_trainings:
        candidates = candidates.filter(trainings__contains=f",{code},")
    suggestions = []
    for profile in candidates.iterator(chunk_size=2000):
        skills = set(policies.tags_decode(profile.skills))
        if needs_skills and not skills & needs_skills:
            continue
        terms = policies.match_terms(
            skills=skills,
            district=profile.district,
            availability=profile.availability,
            needs_skills=needs_skills,
            shift_district=opportunity.district,
            slot=slot,
        )
        if terms.any:
            suggestions.append(Suggestion(profile, terms))
    suggestions.sort(key=lambda s: (-s.terms.score, s.profile.pk))
    return suggestions[:limit]
