import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.reference.models import AllianceMember
from wenlan.reference.services.alliance import alliance_member_set

pytestmark = pytest.mark.django_db


def test_join_change_and_leave(desk):
    member = alliance_member_set(
        actor=SYSTEM, partner_id=desk.outsider.pk, referral_due_working_days=2
    )
    assert member.is_active and member.referral_due_working_days == 2
    alliance_member_set(actor=SYSTEM, partner_id=desk.outsider.pk, is_active=False)
    assert AllianceMember.objects.get(partner=desk.outsider).is_active is False
    assert AllianceMember.objects.count() == 2


def test_refusals(desk):
    with pytest.raises(PermissionDeniedError):
        alliance_member_set(actor=desk.librarian, partner_id=desk.outsider.pk)
    with pytest.raises(ValidationError):
        alliance_member_set(actor=SYSTEM, partner_id=desk.outsider.pk, referral_due_working_days=0)
    assert AllianceMember.objects.count() == 1
