"""A reader turns personal recommendations on or off. Off deletes their stored
lists in the same transaction (the next training leaves their loans out too)."""

from django.db import transaction

from wenlan.patrons.selectors import reader_of
from wenlan.patrons.services import reader_update
from wenlan.recommendations.errors import NoReaderCardError
from wenlan.recommendations.models import EventRecommendation, Recommendation


@transaction.atomic
def recs_enabled_set(*, actor, enabled: bool) -> bool:
    """The acting reader's choice; returns it. patrons' `reader_update` checks that
    the actor is the reader (or staff) and locks the reader's row; the lists are
    deleted after that lock, so a training storing lists at the same moment either
    finished before (and they go now) or re-reads the choice after it."""
    reader = reader_of(actor)
    if reader is None:
        raise NoReaderCardError()
    # Turning off deletes the lists in the same transaction (withdrawals.py, called
    # by patrons after the reader's row is locked), as from the privacy page.
    reader_update(actor=actor, reader_id=reader.pk, allow_recommendations=enabled)
    return enabled


def recs_delete_for_reader(*, reader_id: int) -> int:
    """Every stored recommendation of the reader (also on erasure)."""
    books, _ = Recommendation.objects.filter(reader_id=reader_id).delete()
    events, _ = EventRecommendation.objects.filter(reader_id=reader_id).delete()
    return books + events
