"""A published list sent to a reader segment: members in the sender's reach get a
library message linking to the public page, staff get a count; once per list and
segment; small segments, drafts and other libraries refused, nothing written."""

import pytest
from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.booklists.errors import BookListAlreadySentError, BookListNotPublishedError
from wenlan.booklists.models import BookListAnnouncement
from wenlan.booklists.services.announcements import booklist_segment_send
from wenlan.booklists.tests.factories import BookListFactory, published_list
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError
from wenlan.core.models import AuditEntry
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.recommendations.errors import SegmentTooSmallError
from wenlan.recommendations.models import Segment
from wenlan.recommendations.services.training import recs_train
from wenlan.recommendations.tests.factories import NOW, borrowing_world, export_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = borrowing_world(opted_in=False)
    export_now()
    with clock.freeze(NOW):
        recs_train(actor=SYSTEM)
    return world


def test_members_get_a_message_and_staff_a_count(world, client):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = published_list(library=world.libraries[0])
    segment = Segment.objects.get(code="literature")
    announcement = booklist_segment_send(actor=admin, list_id=book_list.pk, segment_id=segment.pk)
    assert announcement.recipients == 12
    literature_readers = {r.pk for r, kind in world.readers if kind == "literature"}
    notices = Notice.objects.filter(kind=NoticeKind.LIBRARY_MESSAGE)
    assert set(notices.values_list("reader_id", flat=True)) == literature_readers
    link = reverse("booklists:public_detail", args=[book_list.pk])
    assert set(notices.values_list("link", flat=True)) == {link}
    assert notices.first().params["title"] == {
        "zh-hans": book_list.title_zh,
        "en": book_list.title_en,
    }
    with pytest.raises(BookListAlreadySentError):
        booklist_segment_send(actor=admin, list_id=book_list.pk, segment_id=segment.pk)
    assert notices.count() == 12
    assert AuditEntry.objects.filter(subject_type="booklists.booklistannouncement").count() == 1
    client.force_login(admin)
    page = client.get(reverse("booklists:staff_edit", args=[book_list.pk]))
    body = page.content.decode()
    assert "12 位读者收到" in body
    assert all(r.card_number not in body for r, _kind in world.readers)


def test_a_branch_librarian_reaches_only_their_libraries_readers(world):
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=world.libraries[0])
    segment = Segment.objects.get(code="literature")
    # Six of the twelve borrow mostly at the other library: too few to message.
    with pytest.raises(SegmentTooSmallError):
        booklist_segment_send(
            actor=librarian,
            list_id=published_list(library=world.libraries[0]).pk,
            segment_id=segment.pk,
        )
    with pytest.raises(PermissionDeniedError):
        booklist_segment_send(
            actor=librarian,
            list_id=published_list(library=world.libraries[1]).pk,
            segment_id=segment.pk,
        )
    assert not BookListAnnouncement.objects.exists()
    assert not Notice.objects.exists()


def test_a_draft_is_not_sent(world):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    draft = BookListFactory(library=world.libraries[0])
    with pytest.raises(BookListNotPublishedError):
        booklist_segment_send(
            actor=admin, list_id=draft.pk, segment_id=Segment.objects.get(code="history").pk
        )
    assert not BookListAnnouncement.objects.exists()
    assert not Notice.objects.exists()


def test_the_page_sends_and_says_how_many(world, client):
    admin = staff_with_role(Role.NETWORK_ADMIN)
    book_list = published_list(library=world.libraries[0])
    segment = Segment.objects.get(code="history")
    client.force_login(admin)
    page = client.get(reverse("booklists:staff_edit", args=[book_list.pk]))
    assert f'value="{segment.pk}"' in page.content.decode()
    response = client.post(
        reverse("booklists:staff_send", args=[book_list.pk]), {"segment": segment.pk}, follow=True
    )
    assert "已向 12 位读者发送书单通知。" in response.content.decode()
    assert BookListAnnouncement.objects.get().recipients == 12
