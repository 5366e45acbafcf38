"""The year-of-reading readers (HZY…) have birth years that fit their category,
children to the elderly, some unknown; drawn from a generator of their own, so the
same every install and the year's loans unchanged."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from wenlan.demo import loader, people, reading_year
from wenlan.patrons.enums import AgeBand
from wenlan.patrons.models import Reader
from wenlan.patrons.policies import age_band

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 10, 0))


def test_the_years_readers_are_children_to_the_elderly_some_unknown():
    libraries = loader._load_network()
    loader._load_staff(libraries)
    admin = get_user_model().objects.get(username="admin")
    homes = [lib for lib in libraries.values() if lib.kind != "pickup_point"][:4]
    readers = reading_year._readers(admin, random.Random(15), homes, NOW)
    assert len(readers) == reading_year.READERS
    bands = Counter(age_band(birth_year=r.birth_year, on=NOW.date()) for r in readers)
    assert set(bands) == set(AgeBand)
    assert 0.08 <= bands[AgeBand.UNKNOWN] / len(readers) <= 0.25
    for reader in readers:
        if reader.category == "institution":
            assert reader.birth_year is None
        elif reader.birth_year is not None:
            age = NOW.year - reader.birth_year
            low, high = reading_year.AGES[reader.category]
            # Their age when they registered, up to four years and a half ago.
            assert low <= age <= high + 5, (reader.category, age)
    # The same every time: the years come from their own seeded generator, and the
    # other draws (names, libraries, the year's loans) are those made without them.
    years = [r.birth_year for r in readers]
    Reader.objects.filter(pk__in=[r.pk for r in readers]).delete()
    again = reading_year._readers(admin, random.Random(15), homes, NOW)
    assert [r.birth_year for r in again] == years
    assert [r.name for r in again] == [r.name for r in readers]


def test_the_named_demo_readers_years_fit_their_category():
    for card, _, _, category, _, _ in people.READERS:
        year = people.BIRTH_YEARS.get(card)
        if year is not None:
            band = age_band(birth_year=year, on=NOW.date())
            assert (category == "child") == (band in (AgeBand.UNDER_7, AgeBand.FROM_7))
            assert (category == "senior") == (band == AgeBand.FROM_60)
