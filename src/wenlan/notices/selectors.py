from dataclasses import dataclass

from wenlan.notices.messages import NoticeText, notice_text
from wenlan.notices.models import Notice


@dataclass(frozen=True)
class InboxEntry:
    notice: Notice
    text: NoticeText

    @property
    def unread(self) -> bool:
        return self.notice.read_at is None


def notice_inbox(*, reader, limit: int = 100) -> list[InboxEntry]:
    """The reader's latest notices, newest first, in the active language."""
    notices = Notice.objects.filter(reader_id=reader.pk).order_by("-created_at", "-pk")[:limit]
    return [
        InboxEntry(
            notice=notice,
            text=notice_text(kind=notice.kind, params=notice.params, reader_name=reader.name),
        )
        for notice in notices
    ]


def notice_unread_count(*, reader_id: int) -> int:
    return Notice.objects.filter(reader_id=reader_id, read_at__isnull=True).count()


def notice_for_delivery(*, notice_id: int) -> Notice | None:
    """The notice with its reader, or None when it is gone (erased with the reader)."""
    return Notice.objects.select_related("reader").filter(pk=notice_id).first()
