"""Row locks of the panel. Order: a list before its round. Scoring, declaring a
conflict, nominating and closing all take the round's row, so a score is either
in before the round closes (and counted) or refused after it."""

from wenlan.core.locks import row_lock
from wenlan.rankings.models import ReadingList, Round


@row_lock
def lock_list(list_id: int) -> ReadingList:
    return ReadingList.objects.select_for_update().get(pk=list_id)


@row_lock
def lock_round(round_id: int) -> Round:
    return Round.objects.select_for_update().get(pk=round_id)
