"""Circulation's notices to readers (due soon, overdue, hold ready, hold expired),
made through the notices app once per loan and due date or per hold and copy."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from wenlan.circulation.models import Hold, Loan
from wenlan.core import clock
from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import in_every_language
from wenlan.notices.models import Notice
from wenlan.notices.services import notice_create as notices_notice_create


def notice_key(*, kind: str, loan: Loan | None = None, hold: Hold | None = None) -> str:
    if hold is not None:
        return f"hold:{hold.pk}:{hold.item_id or 0}"
    return f"loan:{loan.pk}:{loan.due_on.isoformat()}"


def _params(*, loan: Loan | None, hold: Hold | None) -> tuple[dict, str]:
    if loan is not None:
        return (
            {"title": loan.record.title, "due": loan.due_on.isoformat()},
            reverse("circulation:my_loans"),
        )
    library = hold.pickup_library
    return (
        {
            "title": hold.record.title,
            "library": in_every_language(lambda: library.name),
            "until": hold.expires_on.isoformat() if hold.expires_on else "",
        },
        reverse("circulation:my_holds"),
    )


def notice_create(
    *, kind: str, reader_id: int, loan: Loan | None = None, hold: Hold | None = None
) -> Notice | None:
    """The notice, or None when it was already made. Runs inside the caller's
    transaction; delivery goes out after commit."""
    params, link = _params(loan=loan, hold=hold)
    return notices_notice_create(
        reader_id=reader_id,
        kind=kind,
        key=notice_key(kind=kind, loan=loan, hold=hold),
        params=params,
        link=link,
    )


def notices_pending_create(pending: list[tuple[str, Hold]]) -> None:
    for kind, hold in pending:
        notice_create(kind=kind, reader_id=hold.reader_id, hold=hold)


def loans_notify_due(*, today: dt.date | None = None) -> tuple[int, int]:
    """Due-soon and overdue notices for open loans, once per loan and due date."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=settings.WENLAN_CIRC_DUE_SOON_DAYS)
    due_soon = overdue = 0
    loans = (
        Loan.objects.filter(returned_at__isnull=True, lost_at__isnull=True, due_on__lte=horizon)
        .select_related("record")
        .order_by("pk")
    )
    for loan in loans.iterator(chunk_size=500):
        kind = NoticeKind.OVERDUE if loan.due_on < today else NoticeKind.DUE_SOON
        with transaction.atomic():
            made = notice_create(kind=kind, reader_id=loan.reader_id, loan=loan)
        if made is not None:
            if kind == NoticeKind.OVERDUE:
                overdue += 1
            else:
                due_soon += 1
    return due_soon, overdue
