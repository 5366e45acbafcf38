from django.db import transaction

from wenlan.accounts.actors import acting_user
from wenlan.circulation.models import ReadingHistoryEntry
from wenlan.core.errors import NotFoundError
from wenlan.patrons.selectors import reader_for_user


@transaction.atomic
def reading_history_delete(*, actor, entry_id: int | None = None) -> int:
    """The reader deletes one entry, or (no id) the whole history."""
    reader = reader_for_user(user=acting_user(actor))
    if reader is None:
        raise NotFoundError()
    entries = ReadingHistoryEntry.objects.filter(reader=reader)
    if entry_id is not None:
        entries = entries.filter(pk=entry_id)
    deleted, _ = entries.delete()
    return deleted
