"""Recommendations turned off anywhere (the privacy page, the API): the stored
lists go at once (core.withdrawals)."""

from wenlan.recommendations.services.readers import recs_delete_for_reader


def consent_withdrawn(*, reader_id: int, consent: str) -> None:
    if consent == "allow_recommendations":
        recs_delete_for_reader(reader_id=reader_id)
