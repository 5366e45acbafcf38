"""Row locks of the think tank, in primary-key order."""

from wenlan.core.locks import row_lock
from wenlan.thinktank.models import Bulletin, Series


@row_lock
def lock_series(series_id: int) -> Series:
    """Held while an issue of the series is numbered: two issues never share a number."""
    return Series.objects.select_for_update().get(pk=series_id)


@row_lock
def lock_bulletin(bulletin_id: int) -> Bulletin:
    return Bulletin.objects.select_for_update().get(pk=bulletin_id)
