"""A reader's notices of every kind (core/personal_data.py): exported with their
text in the reader's language, deleted on erasure."""

from django.utils import translation

from wenlan.core.personal_data import PersonalDataSection, iso
from wenlan.notices.messages import notice_text
from wenlan.notices.models import Notice
from wenlan.patrons.models import Reader


def notices_export(reader_id: int) -> list[dict]:
    reader = Reader.objects.get(pk=reader_id)
    notices = Notice.objects.filter(reader_id=reader_id).order_by("created_at", "pk")
    exported = []
    with translation.override(reader.language):
        for notice in notices:
            text = notice_text(kind=notice.kind, params=notice.params, reader_name=reader.name)
            exported.append(
                {
                    "kind": notice.kind,
                    "subject": text.subject,
                    "body": text.body,
                    "created_at": iso(notice.created_at),
                    "emailed_at": iso(notice.emailed_at),
                    "texted_at": iso(notice.texted_at),
                    "read_at": iso(notice.read_at),
                }
            )
    return exported


def notices_erase(reader_id: int) -> None:
    Notice.objects.filter(reader_id=reader_id).delete()


SECTIONS = (
    PersonalDataSection(
        name="notices",
        models=("notices.Notice",),
        export=notices_export,
        erase=notices_erase,
        order=14,
    ),
)
