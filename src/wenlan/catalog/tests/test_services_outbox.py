import pytest

from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.catalog.tests.factories import record_create

pytestmark = pytest.mark.django_db


def test_a_saved_record_is_searchable_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_create(title="围城", author="钱锺书", control="w1")
    # the index sync was queued after commit, and ran (immediate backend)
    assert len(callbacks) == 1
    assert [h.record.title for h in catalog_search(params=search_params(q="wc")).hits] == ["围城"]


def test_nothing_is_queued_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                record_create(title="围城", author="钱锺书", control="w2")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
