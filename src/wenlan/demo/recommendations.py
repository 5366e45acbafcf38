"""Recommendations demo: the first two demo readers turned recommendations on; a
training from the export the loader just wrote gives them their lists and every
reader in the export a segment; the worker's nightly training is scheduled.
Idempotent: turning on twice changes nothing, and a training replaces the lists."""

from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.recommendations.errors import TrainingRunningError
from wenlan.recommendations.services.readers import recs_enabled_set
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tasks import recs_train_schedule

OPTED_IN = 2


def recommendations_demo_load(*, readers: list[dict]) -> dict:
    cards = [r["card"] for r in readers[:OPTED_IN]]
    for card in cards:
        reader = reader_get_by_card(card_number=card)
        if reader is not None and reader.user is not None:
            recs_enabled_set(actor=reader.user, enabled=True)
    try:
        summary = recs_train(actor=SYSTEM).as_json()
    except TrainingRunningError:
        summary = {}
    recs_train_schedule()
    return {
        "recommendations": {
            "readers_opted_in": cards,
            "reader_page": reverse("recommendations:my_recommendations"),
            "api": "/api/recommendations/me",
            "staff_segments": reverse("recommendations:staff_segments"),
            "staff_role": "branch_librarian (insights.audience)",
            "book_lists": summary.get("book_lists", 0),
            "try": "sign in as the first reader, open /me/recommendations/, place a hold "
            "from a recommendation, turn recommendations off; as a branch librarian open "
            "/staff/segments/, label a segment and announce an event to it",
        }
    }
