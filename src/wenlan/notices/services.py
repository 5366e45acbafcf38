"""Notices: made once (a unique key per notice) inside the caller's transaction,
delivered by a background task after commit, read in the reader's inbox."""

from django.db import IntegrityError, transaction

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.tasks import enqueue_on_commit
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.patrons.selectors import reader_for_user


def notice_create(
    *, reader_id: int, kind: str, key: str, params: dict | None = None, link: str = ""
) -> Notice | None:
    """The new notice, or None when one with this kind and key was made before
    (so a scan that runs twice tells the reader once). Delivery is queued after
    the caller's transaction commits."""
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    if Notice.objects.filter(kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                reader_id=reader_id,
                kind=kind,
                key=key,
                params=params or {},
                link=link,
                created_at=clock.now(),
            )
    except IntegrityError:  # made by a concurrent scan a moment ago
        return None
    from wenlan.notices.tasks import notice_deliver

    enqueue_on_commit(notice_deliver, notice.pk)
    return notice


@transaction.atomic
def notice_mark_read(*, actor, notice_id: int) -> int:
    """Marks one of the actor's own notices read; another reader's is left alone."""
    reader = reader_for_user(user=acting_user(actor))
    if reader is None:
        return 0
    return Notice.objects.filter(pk=notice_id, reader_id=reader.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )


@transaction.atomic
def notices_mark_all_read(*, actor) -> int:
    reader = reader_for_user(user=acting_user(actor))
    if reader is None:
        return 0
    return Notice.objects.filter(reader_id=reader.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )


# The column that records when a notice went out on each channel.
_SENT_AT = {"email": "emailed_at", "sms": "texted_at"}


def _sent_at_field(channel: str) -> str:
    if channel not in _SENT_AT:
        raise ValueError(f"unknown notice channel {channel!r}")
    return _SENT_AT[channel]


@transaction.atomic
def notice_channel_claim(*, notice_id: int, channel: str) -> bool:
    """Marks the notice sent on the channel ("email", "sms") unless it already was:
    True when this caller won the claim and so must send it."""
    field = _sent_at_field(channel)
    return bool(
        Notice.objects.filter(pk=notice_id, **{f"{field}__isnull": True}).update(
            **{field: clock.now()}
        )
    )


@transaction.atomic
def notice_channel_release(*, notice_id: int, channel: str) -> None:
    """Gives back a claim whose sending failed, so a later delivery sends it."""
    field = _sent_at_field(channel)
    Notice.objects.filter(pk=notice_id).update(**{field: None})
