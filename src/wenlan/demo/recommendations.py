"""Recommendations demo: the first two demo readers turned recommendations on, and
a third of the year of reading's readers asked for them when they registered at the
desk (recorded by the desk's system): with more than `engine.MIN_ALS_READERS` of them,
the training fits the factor model, so lists say "readers who borrowed … also
borrowed" as well as what is popular in a segment. A training from the export the
loader just wrote gives them their lists and every reader in the export a segment;
the worker's nightly training is scheduled. Idempotent: turning on twice changes
nothing, and a training replaces the lists."""

from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.circulation.selectors.readers import reader_get_by_card
from wenlan.demo.reading_year import CARD_PREFIX
from wenlan.patrons.models import Reader
from wenlan.patrons.services import reader_update
from wenlan.recommendations.errors import TrainingRunningError
from wenlan.recommendations.services.readers import recs_enabled_set
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tasks import recs_train_schedule

OPTED_IN = 2
YEAR_OPTED_IN_EVERY = 3  # the year's readers whose card number is a multiple of 3


def _year_readers_opt_in() -> int:
    """Returns how many of the year's readers have recommendations on."""
    year = Reader.objects.filter(card_number__startswith=CARD_PREFIX).order_by("pk")
    asked = [r for r in year if int(r.card_number[len(CARD_PREFIX) :]) % YEAR_OPTED_IN_EVERY == 0]
    for reader in asked:
        if not reader.allow_recommendations:
            reader_update(actor=SYSTEM, reader_id=reader.pk, allow_recommendations=True)
    return len(asked)


def recommendations_demo_load(*, readers: list[dict]) -> dict:
    cards = [r["card"] for r in readers[:OPTED_IN]]
    for card in cards:
        reader = reader_get_by_card(card_number=card)
        if reader is not None and reader.user is not None:
            recs_enabled_set(actor=reader.user, enabled=True)
    year_opted_in = _year_readers_opt_in()
    try:
        summary = recs_train(actor=SYSTEM).as_json()
    except TrainingRunningError:
        summary = {}
    recs_train_schedule()
    return {
        "recommendations": {
            "readers_opted_in": cards,
            "year_readers_opted_in": year_opted_in,
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
