"""Row locks of the reference service. A step on a question locks the question's
row and reads its status after the lock; a partner's answer locks the referral,
then its question (the same order everywhere: referral before question)."""

from django.conf import settings

from wenlan.core import locks
from wenlan.reference.models import Question, Referral


def lock_timeout():
    """A librarian's step waits at most WENLAN_REFERENCE_LOCK_TIMEOUT_MS, then BusyError."""
    return locks.lock_timeout(ms=settings.WENLAN_REFERENCE_LOCK_TIMEOUT_MS)


@locks.row_lock
def question_lock(*, question_id: int) -> Question | None:
    return Question.objects.select_for_update().filter(pk=question_id).first()


@locks.row_lock
def referral_lock(*, referral_id: int) -> Referral | None:
    return Referral.objects.select_for_update().filter(pk=referral_id).first()
