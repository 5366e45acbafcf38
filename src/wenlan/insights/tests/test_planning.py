"""Planning: a class and a subject word whose borrowing rises are found with their
evidence, a topic under 10 readers is held back, and a suggestion becomes a draft
event in one step (refused without the planning permission)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.analytics.services import analytics_export
from wenlan.booklists.models import BookList, BookListItem
from wenlan.catalog.indexing import index_rebuild
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import LogEntryKind
from wenlan.circulation.models import CirculationLogEntry
from wenlan.circulation.policies import reader_pseudonym
from wenlan.circulation.services.log import analytics_secret
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.events.enums import EventStatus
from wenlan.events.models import Event
from wenlan.insights.planning import planning_topics
from wenlan.insights.services import suggestion_booklist_draft, suggestion_event_draft
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import OfflineReaderFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 17)  # the current week: 10 to 16 June


def _lend(*, item, readers, day: dt.date) -> list[CirculationLogEntry]:
    secret = analytics_secret()
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
    return [
        CirculationLogEntry(
            at=at,
            kind=LogEntryKind.CHECKOUT,
            reader_pseudonym=reader_pseudonym(secret=secret, reader_id=r.pk),
            reader_category="adult",
            item_id=item.pk,
            record_id=item.record_id,
            library_id=item.library_id,
            channel="desk",
        )
        for r in readers
    ]


@pytest.fixture
def rising(db):
    library = LibraryFactory()
    readers = [OfflineReaderFactory(home_library=library) for _ in range(14)]
    history = ItemFactory(
        library=library, record=RecordFactory(clc_top="K", subjects=["宋韵 文化"], title="宋韵")
    )
    poems = ItemFactory(
        library=library, record=RecordFactory(clc_top="I", subjects=["诗词"], title="诗词")
    )
    entries = (
        _lend(item=history, readers=readers[:12], day=dt.date(2026, 6, 12))  # 12 now
        + _lend(item=history, readers=readers[:3], day=dt.date(2026, 6, 5))  # 3 a week ago
        + _lend(item=history, readers=readers[:4], day=dt.date(2025, 6, 13))  # 4 last year
        + _lend(item=poems, readers=readers[:11], day=dt.date(2026, 6, 12))  # steady
        + _lend(item=poems, readers=readers[:11], day=dt.date(2026, 6, 4))
        + _lend(item=poems, readers=readers[:11], day=dt.date(2025, 6, 12))
    )
    CirculationLogEntry.objects.bulk_create(entries)
    with clock.freeze(timezone.make_aware(dt.datetime(2026, 6, 17, 9))):
        analytics_export(settle_seconds=0)
    return library


def test_rising_class_and_word_with_their_evidence(rising):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=rising)
    plan = planning_topics(actor=librarian, library_id=None, weeks=1, today=TODAY)
    assert plan.library == rising
    assert plan.windows.current == (dt.date(2026, 6, 10), dt.date(2026, 6, 16))
    assert [(t.key, t.loans, t.previous, t.last_year, t.readers) for t in plan.classes] == [
        ("K", 12, 3, 4, 12)
    ]
    assert plan.classes[0].week_ratio == 4.0 and plan.classes[0].year_ratio == 3.0
    assert [t.key for t in plan.words] == ["宋韵", "文化"]
    assert plan.words[0].titles == ["宋韵"]
    evidence = plan.classes[0].evidence(plan.windows)
    assert "2026-06-10" in evidence and "12" in evidence


def test_a_topic_under_ten_readers_is_held_back(rising, settings):
    settings.WENLAN_ANALYTICS_MIN_READERS = 13
    admin = staff_with_role(Role.NETWORK_ADMIN)
    plan = planning_topics(actor=admin, library_id=None, weeks=1, today=TODAY)
    assert plan.classes == [] and plan.words == []
    assert plan.held_back == 3


def test_planning_needs_the_audience_permission(rising):
    officer = staff_with_role(Role.ASSESSMENT_OFFICER)  # dashboards, not planning
    with pytest.raises(PermissionDeniedError):
        planning_topics(actor=officer, library_id=None, weeks=1, today=TODAY)
    other = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        planning_topics(actor=other, library_id=rising.pk, weeks=1, today=TODAY)
    with pytest.raises(PermissionDeniedError):
        suggestion_event_draft(
            actor=other, library_id=rising.pk, topic_zh="宋韵", topic_en="宋韵", evidence_zh="…",
            evidence_en="…",
        )  # fmt: skip
    assert not Event.objects.exists()


def test_a_suggestion_becomes_a_draft_event_in_one_step(client, rising):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=rising)
    client.force_login(librarian)
    page = client.get(reverse("insights:planning") + "?weeks=1")
    assert page.status_code == 200
    response = client.post(
        reverse("insights:suggestion_event"),
        {"topic_zh": "K 历史、地理", "topic_en": "K History and geography",
         "evidence_zh": "借出 12 册次", "evidence_en": "12 loans", "library": rising.pk},
    )  # fmt: skip
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])
    assert event.status == EventStatus.DRAFT
    assert event.title_zh == "主题阅读活动：K 历史、地理"
    assert event.title_en == "Reading event: K History and geography"
    assert event.organiser_library_id == rising.pk
    assert "借出 12 册次" in event.description_zh and "12 loans" in event.description_en


def test_a_suggestion_becomes_a_draft_reading_list_in_one_step(client, rising, settings, tmp_path):

    settings.WENLAN_INDEX_DIR = tmp_path / "index"  # this test's own, with its records
    index_rebuild(workers=1)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=rising)
    with clock.freeze(timezone.make_aware(dt.datetime(2026, 6, 17, 9))):
        client.force_login(librarian)
        page = client.get(reverse("insights:planning") + "?weeks=1").content.decode()
        response = client.post(
            reverse("insights:suggestion_booklist"),
            {
                "topic_zh": "K 历史、地理",
                "topic_en": "K History and geography",
                "evidence_zh": "借出 12 册次",
                "evidence_en": "12 loans",
                "library": rising.pk,
                "topic_kind": "clc",
                "topic_key": "K",
            },
        )
    assert reverse("insights:suggestion_booklist") in page and "生成书单草稿" in page
    assert 'name="topic_kind" value="clc"' in page and 'name="topic_key" value="K"' in page
    # The page in Chinese writes the topic and its evidence in both languages.
    assert 'name="topic_zh" value="K 历史、地理"' in page
    assert 'name="topic_en" value="K History and geography"' in page
    assert 'name="evidence_en" value="' in page and " loans from 2026-06-" in page
    book_list = BookList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("booklists:staff_edit", args=[book_list.pk])
    assert (book_list.status, book_list.library_id) == ("draft", rising.pk)
    assert book_list.title_zh == "主题书单：K 历史、地理"
    assert book_list.title_en == "Reading list: K History and geography"
    assert "12 loans" in book_list.description_en
    titles = BookListItem.objects.filter(book_list=book_list).values_list(
        "record__title", flat=True
    )
    assert list(titles) == ["宋韵"]


def test_the_reading_list_step_needs_both_rights(client, rising):

    other = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        suggestion_booklist_draft(
            actor=other,
            library_id=rising.pk,
            topic_kind="clc",
            topic_key="K",
            topic_zh="K",
            topic_en="K",
            evidence_zh="…",
            evidence_en="…",
        )
    client.force_login(staff_with_role(Role.CATALOGUER, library=rising))
    response = client.post(
        reverse("insights:suggestion_booklist"),
        {
            "topic_zh": "K",
            "evidence_zh": "…",
            "library": rising.pk,
            "topic_kind": "clc",
            "topic_key": "K",
        },
    )
    assert response.status_code == 403
    assert not BookList.objects.exists()
