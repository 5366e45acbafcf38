"""The signed-in reader's recommendations (session, or an API key of the reader's
account): read from the lists the training stored, a few rows per request."""

from django.urls import reverse
from ninja import Router

from wenlan.patrons.selectors import reader_of
from wenlan.recommendations.errors import NoReaderCardError
from wenlan.recommendations.schemas import RecommendationsOut
from wenlan.recommendations.selectors import book_suggestions, event_suggestions

router = Router(tags=["recommendations"])
SENTINEL = "987654321987"


@router.get("/me", response=RecommendationsOut, summary="The signed-in reader's recommendations")
def my_recommendations_endpoint(request):
    """Books (at most 20) and events (at most 5), best first, each with its reason
    in the request's language. `enabled` false (and empty lists) while the reader
    has not turned recommendations on. Refusal: `recs_no_reader_card`."""
    reader = reader_of(request.auth)
    if reader is None:
        raise NoReaderCardError()
    if not reader.allow_recommendations:
        return {"enabled": False, "books": [], "events": []}
    # one reverse each, the id put in after: 40 reverses cost more than the query
    record_url = reverse("catalog:record", kwargs={"record_id": int(SENTINEL)})
    hold_url = reverse("circulation:my_hold_place", kwargs={"record_id": int(SENTINEL)})
    return {
        "enabled": True,
        "books": [
            {
                "record_id": s.record_id,
                "title": s.title,
                "responsibility": s.responsibility,
                "reason": s.reason,
                "rank": s.rank,
                "url": record_url.replace(SENTINEL, str(s.record_id)),
                "hold_url": hold_url.replace(SENTINEL, str(s.record_id)),
            }
            for s in book_suggestions(reader_id=reader.pk, limit=20)
        ],
        "events": [
            {
                "event_id": s.event.pk,
                "title": s.event.title,
                "reason": s.reason,
                "rank": s.rank,
                "url": reverse("events:event_detail", kwargs={"event_id": s.event.pk}),
            }
            for s in event_suggestions(reader_id=reader.pk)
        ],
    }
