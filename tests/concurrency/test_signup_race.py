"""Two people claiming the same card at the same moment: exactly one account."""

import threading

import pytest
from django.db import connection

from wenlan.accounts.models import LoginFailure, User
from wenlan.core.errors import WenlanError
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.services import reader_signup, reader_signup_request
from wenlan.patrons.tests.factories import OfflineReaderFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "row-lock races are tested on PostgreSQL (set DATABASE_URL); SQLite serialises writers"
        )


def _race(count: int, signup) -> tuple[list, list]:
    barrier = threading.Barrier(count)
    wins, losses = [], []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            wins.append(signup(n))
        except WenlanError as error:
            losses.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return wins, losses


def test_eight_signups_for_one_new_card_make_one_account():
    library = LibraryFactory()
    wins, losses = _race(
        8,
        lambda n: reader_signup(
            card_number="HZ77777777",
            password="Quiet-lake-2026",
            name=f"读者{n}",
            phone="13800000000",
            home_library_id=library.pk,
        ),
    )
    assert len(wins) == 1
    assert len(losses) == 7
    assert {e.code for e in losses} == {"card_registered"}
    assert Reader.objects.filter(card_number="HZ77777777").count() == 1
    assert User.objects.filter(username="HZ77777777").count() == 1


def test_eight_claims_of_one_desk_card_link_one_account():
    card = OfflineReaderFactory(card_number="HZ88888888", phone="13900000001")
    wins, losses = _race(
        8,
        lambda n: reader_signup(
            card_number="HZ88888888",
            password="Quiet-lake-2026",
            name="x",
            phone="13900000001",
            home_library_id=card.home_library_id,
        ),
    )
    assert len(wins) == 1 and len(losses) == 7
    card.refresh_from_db()
    assert card.user is not None
    assert User.objects.count() == 1


def test_forty_phone_guesses_at_once_for_a_desk_card_are_mostly_not_checked(settings, monkeypatch):
    """Before, forty guesses sent together were each checked against the phone
    number on record. Now every request is counted before it is judged, so at
    most WENLAN_LOGIN_FAILURES_PER_ACCOUNT of them reach the record."""
    settings.WENLAN_LOGIN_FAILURES_PER_ACCOUNT = 5
    card = OfflineReaderFactory(card_number="HZ88888888", phone="13900000001")
    judged = []
    original = reader_signup

    def counting_signup(**kwargs):
        judged.append(kwargs["phone"])
        return original(**kwargs)

    monkeypatch.setattr("wenlan.patrons.services.reader_signup", counting_signup)
    wins, losses = _race(
        40,
        lambda n: reader_signup_request(
            card_number="HZ88888888",
            password="Quiet-lake-2026",
            name="x",
            phone=f"1390000{n + 2:04d}",  # all wrong
            home_library_id=card.home_library_id,
            address="198.51.100.9",
        ),
    )
    assert len(wins) + len(losses) == 40
    assert {e.code for e in losses} == {"rate_limited"}
    assert len(judged) == len(wins) <= 5
    card.refresh_from_db()
    assert card.user is None
    assert LoginFailure.objects.filter(username="hz88888888").count() == len(judged)
