"""Reading lists hold no reader's data: a list sent to a segment reaches readers
through notices (which the notices section exports and erases), and the
announcement keeps a count, never who. What an account did as staff (normally
nothing for a reader's account) is exported and kept on erasure as the record
of the work."""

from wenlan.booklists.models import BookList, BookListAnnouncement
from wenlan.core.personal_data import PersonalDataSection, iso


def booklists_work_export(reader_id: int) -> dict:
    return {
        "lists_created": [
            {"list_id": b.pk, "title_zh": b.title_zh, "created_at": iso(b.created_at)}
            for b in BookList.objects.filter(created_by__reader__pk=reader_id).order_by("pk")
        ],
        "lists_sent": [
            {"list_id": a.book_list_id, "segment": a.segment.code, "sent_at": iso(a.sent_at)}
            for a in BookListAnnouncement.objects.filter(sent_by__reader__pk=reader_id)
            .select_related("segment")
            .order_by("pk")
        ],
    }


SECTIONS = (
    PersonalDataSection(
        name="booklists_work",
        models=("booklists.BookList", "booklists.BookListAnnouncement"),
        export=booklists_work_export,
    ),
)
