"""The reference alliance: which network partners questions may be referred to."""

from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import ValidationError
from wenlan.reference.models import AllianceMember


@transaction.atomic
def alliance_member_set(
    *,
    actor,
    partner_id: int,
    is_active: bool = True,
    referral_due_working_days: int | None = None,
    joined_on=None,
) -> AllianceMember:
    """A network partner joins the alliance (or its terms change, or it leaves:
    `is_active` False keeps its referrals and takes no new ones)."""
    ensure_can(actor, Perm.PARTNER_CHANGE)
    if referral_due_working_days is not None and not 1 <= referral_due_working_days <= 60:
        raise ValidationError(field="referral_due_working_days")
    member, _created = AllianceMember.objects.update_or_create(
        partner_id=partner_id,
        defaults={
            "is_active": is_active,
            "referral_due_working_days": referral_due_working_days,
            "joined_on": joined_on,
        },
    )
    return member
