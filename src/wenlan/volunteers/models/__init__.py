from wenlan.volunteers.models.profiles import VolunteerProfile
from wenlan.volunteers.models.shifts import (
    HoursCertificate,
    Opportunity,
    Shift,
    ShiftSignup,
    SwapOffer,
)

__all__ = [
    "HoursCertificate",
    "Opportunity",
    "Shift",
    "ShiftSignup",
    "SwapOffer",
    "VolunteerProfile",
]
