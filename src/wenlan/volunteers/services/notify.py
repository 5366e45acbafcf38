"""Telling volunteers what happened to their shifts (NoticeKind.VOLUNTEER_SHIFT),
inside the caller's transaction; each notice has a key, so a retried service tells
the volunteer once."""

from django.urls import reverse
from django.utils import timezone

from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.services import notice_create
from wenlan.volunteers.models import Shift


def _when(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    return f"{start:%Y-%m-%d %H:%M}–{timezone.localtime(shift.ends_at):%H:%M}"


def shift_notice(*, reader_id: int, shift: Shift, what: str, key: str, **params) -> None:
    """`what`: shift_cancelled, shift_changed, swap_offered, swap_accepted or
    hours_approved (notices.messages writes each)."""
    opportunity = shift.opportunity
    notice_create(
        reader_id=reader_id,
        kind=NoticeKind.VOLUNTEER_SHIFT,
        key=f"volunteer:{key}",
        params={
            "what": what,
            "title": in_every_language(lambda: opportunity.title),
            "when": _when(shift),
            **params,
        },
        link=reverse("volunteers:me"),
    )
