"""Reading lists demo: the central library's published list 西湖与杭州 / West Lake
and Hangzhou (books of the demo catalog found by its search), a draft made from a
planning-like topic through the one-step service, and the published list sent to
the largest segment when one has at least 10 members. Idempotent: a second run
finds the lists by title and origin, and the send once made."""

from django.urls import reverse

from wenlan.accounts.actors import SYSTEM
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.models import BookList, BookListAnnouncement
from wenlan.booklists.selectors import records_about
from wenlan.booklists.services import items, lists
from wenlan.booklists.services.announcements import booklist_segment_send
from wenlan.network.enums import LibraryKind
from wenlan.network.selectors import library_list
from wenlan.recommendations.errors import SegmentTooSmallError
from wenlan.recommendations.models import Segment
from wenlan.recommendations.policies import MIN_READERS

TITLE_ZH, TITLE_EN = "西湖与杭州", "West Lake and Hangzhou"
DESCRIPTION_ZH = "湖山胜景、南宋故都与杭州人的日常：馆员为您挑选的杭州之书。"
DESCRIPTION_EN = (
    "The lake and its hills, the Southern Song capital and daily life in Hangzhou: "
    "books about the city chosen by our librarians."
)
# The city first, then the canal, the region and the Southern Song capital's age.
WORDS = ("西湖", "杭州", "Hangzhou", "West Lake", "京杭", "吴越", "浙江", "Zhejiang", "江南")
WORDS += ("宋代", "Song dynasty")
BOOKS = 10
DRAFT_TOPIC = ("clc", "K", "K 历史、地理", "K History and geography")
DRAFT_EVIDENCE = (
    "演示：历史、地理类图书近四周借阅上升（示例数据）。",
    "Demo: loans of history and geography books rose over the last four weeks (sample data).",
)
DRAFT_ORIGIN_START = "planning suggestion (CLC K)"


def _hangzhou_record_ids() -> list[int]:
    found: list[int] = []
    for word in WORDS:
        for record_id in records_about(word=word, limit=20):
            if record_id not in found:
                found.append(record_id)
        if len(found) >= BOOKS:
            break
    return found[:BOOKS]


def _published(central) -> BookList | None:
    book_list = BookList.objects.filter(library=central, title_zh=TITLE_ZH).first()
    if book_list is not None:
        return book_list
    record_ids = _hangzhou_record_ids()
    if not record_ids:
        return None
    book_list = lists.booklist_create(
        actor=SYSTEM,
        library_id=central.pk,
        title_zh=TITLE_ZH,
        title_en=TITLE_EN,
        description_zh=DESCRIPTION_ZH,
        description_en=DESCRIPTION_EN,
    )
    for record_id in record_ids:
        items.booklist_item_add(actor=SYSTEM, list_id=book_list.pk, record_id=record_id)
    return lists.booklist_publish(actor=SYSTEM, list_id=book_list.pk)


def _draft(central) -> BookList:
    draft = BookList.objects.filter(library=central, origin__startswith=DRAFT_ORIGIN_START).first()
    if draft is not None:
        return draft
    kind, key, topic_zh, topic_en = DRAFT_TOPIC
    return lists.booklist_draft_from_topic(
        actor=SYSTEM,
        library_id=central.pk,
        topic_kind=kind,
        topic_key=key,
        topic_zh=topic_zh,
        topic_en=topic_en,
        evidence_zh=DRAFT_EVIDENCE[0],
        evidence_en=DRAFT_EVIDENCE[1],
    )


def _sent(book_list: BookList) -> BookListAnnouncement | None:
    if book_list.status != BookListStatus.PUBLISHED:
        return None
    sent = BookListAnnouncement.objects.filter(book_list=book_list).first()
    if sent is not None:
        return sent
    for segment in Segment.objects.filter(members__gte=MIN_READERS).order_by("-members", "pk"):
        try:
            return booklist_segment_send(actor=SYSTEM, list_id=book_list.pk, segment_id=segment.pk)
        except SegmentTooSmallError:  # fewer members allow notices than were counted
            continue
    return None


def booklists_demo_load() -> dict:
    central = library_list(kind=LibraryKind.CENTRAL).first()
    if central is None:
        return {}
    published = _published(central)
    draft = _draft(central)
    sent = _sent(published) if published is not None else None
    return {
        "booklists": {
            "public_index": reverse("booklists:public_list"),
            "published": (
                reverse("booklists:public_detail", args=[published.pk]) if published else None
            ),
            "draft_staff_page": reverse("booklists:staff_edit", args=[draft.pk]),
            "sent_to_segment": sent.segment.code if sent else None,
            "recipients": sent.recipients if sent else 0,
            "staff_role": "branch_librarian (booklists.manage)",
            "try": "open /reading-lists/ on a phone and place a hold from 西湖与杭州; as a "
            "branch librarian open /staff/booklists/, or turn a suggestion on "
            "/staff/insights/planning/ into a draft list with 生成书单草稿",
        }
    }
