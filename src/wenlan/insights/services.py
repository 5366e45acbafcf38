"""Planning suggestions turned into work: a rising topic becomes, in one step, a
draft event of the library (events' own service makes it; it stays a draft until
staff complete and submit it) or a draft reading list of the library, filled with
the topic's books (booklists' own service makes it; staff publish it)."""

from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.booklists.services.lists import booklist_draft_from_topic
from wenlan.core.errors import ValidationError
from wenlan.events.enums import EventCategory
from wenlan.events.services.events import event_create


@transaction.atomic
def suggestion_event_draft(
    *, actor, library_id: int, topic_zh: str, topic_en: str, evidence_zh: str, evidence_en: str
):
    """A draft event organised by `library_id` on the suggestion's topic, its
    description the suggestion's evidence (each as its language says it; the
    Chinese where the English is missing); returns the event."""
    ensure_can(actor, Perm.AUDIENCE_MANAGE, library_id=library_id)
    topic_zh = topic_zh.strip()
    if not topic_zh:
        raise ValidationError(_("请填写主题。"), field="topic_zh")
    topic_en, evidence_en = topic_en.strip() or topic_zh, evidence_en.strip() or evidence_zh
    return event_create(
        actor=actor,
        # Content is stored in both languages whatever the page's language is.
        title_zh=f"主题阅读活动：{topic_zh[:80]}",
        title_en=f"Reading event: {topic_en[:80]}",
        organiser_library_id=library_id,
        category=EventCategory.READING,
        description_zh=f"策划建议（借阅上升的主题）。{evidence_zh[:900]}",
        description_en=f"Planning suggestion (a topic whose borrowing rises). {evidence_en[:900]}",
    )


@transaction.atomic
def suggestion_booklist_draft(*, actor, library_id: int, topic_kind: str, topic_key: str, **texts):
    """A draft reading list of `library_id` on the suggestion's topic (up to a dozen
    of its books, those on a shelf first); returns the list. Needs the right to
    plan for the library (AUDIENCE_MANAGE) and to make its lists (BOOKLIST_MANAGE)."""
    ensure_can(actor, Perm.AUDIENCE_MANAGE, library_id=library_id)
    return booklist_draft_from_topic(
        actor=actor,
        library_id=library_id,
        topic_kind=topic_kind,
        topic_key=topic_key,
        **texts,  # topic_zh, topic_en, evidence_zh, evidence_en
    )
