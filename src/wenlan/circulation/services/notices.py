"""Notices: created once (a unique key per notice), shown in the app, emailed by
a background task after commit."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction

from wenlan.circulation.enums import NoticeKind
from wenlan.circulation.models import Hold, Loan, Notice
from wenlan.core import clock
from wenlan.core.tasks import enqueue_on_commit


def _send_later(notice: Notice) -> None:
    from wenlan.circulation.tasks import notice_send

    enqueue_on_commit(notice_send, notice.pk)


def notice_key(*, kind: str, loan: Loan | None = None, hold: Hold | None = None) -> str:
    if hold is not None:
        return f"hold:{hold.pk}:{hold.item_id or 0}"
    return f"loan:{loan.pk}:{loan.due_on.isoformat()}"


def notice_create(
    *, kind: str, reader_id: int, loan: Loan | None = None, hold: Hold | None = None
) -> Notice | None:
    """The notice, or None when it was already made. Runs inside the caller's
    transaction; the email goes out after commit."""
    key = notice_key(kind=kind, loan=loan, hold=hold)
    if Notice.objects.filter(kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                reader_id=reader_id,
                kind=kind,
                key=key,
                loan=loan,
                hold=hold,
                created_at=clock.now(),
            )
    except IntegrityError:  # made by a concurrent scan a moment ago
        return None
    _send_later(notice)
    return notice


def notices_pending_create(pending: list[tuple[str, Hold]]) -> None:
    for kind, hold in pending:
        notice_create(kind=kind, reader_id=hold.reader_id, hold=hold)


def loans_notify_due(*, today: dt.date | None = None) -> tuple[int, int]:
    """Due-soon and overdue notices for open loans, once per loan and due date."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=settings.WENLAN_CIRC_DUE_SOON_DAYS)
    due_soon = overdue = 0
    loans = Loan.objects.filter(
        returned_at__isnull=True, lost_at__isnull=True, due_on__lte=horizon
    ).order_by("pk")
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


@transaction.atomic
def notice_mark_read(*, actor, notice_id: int) -> None:
    Notice.objects.filter(pk=notice_id, reader__user_id=actor.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )
