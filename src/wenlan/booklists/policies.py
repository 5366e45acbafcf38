"""Pure rules of a reading list: its size, what each status allows, where a move
takes a book, and the draft a planning suggestion becomes. No database."""

from wenlan.booklists.enums import BookListStatus, MoveDirection, TopicKind

MAX_BOOKS = 100
DRAFT_BOOKS = 12  # a suggestion's draft: as many as a display table holds
TITLE_MAX = 120


def can_publish(*, status: str, books: int) -> bool:
    return status in (BookListStatus.DRAFT, BookListStatus.WITHDRAWN) and books > 0


def can_withdraw(*, status: str) -> bool:
    return status == BookListStatus.PUBLISHED


def move_target(*, position: int, direction: str, count: int) -> int | None:
    """The position a book moves to, None when it is already at that end."""
    target = position - 1 if direction == MoveDirection.UP else position + 1
    return target if 1 <= target <= count else None


def draft_titles(*, topic_zh: str, topic_en: str) -> tuple[str, str]:
    """The draft's title in both languages, whatever the page's language: the
    topic as each language names it (a subject word is the same in both)."""
    zh = f"主题书单：{topic_zh.strip()}"[:TITLE_MAX]
    en = f"Reading list: {topic_en.strip() or topic_zh.strip()}"[:TITLE_MAX]
    return zh, en


def draft_descriptions(*, evidence_zh: str, evidence_en: str) -> tuple[str, str]:
    return (
        f"根据策划建议（借阅上升的主题）生成。{evidence_zh.strip()[:900]}",
        "Made from a planning suggestion (a topic whose borrowing rises). "
        f"{(evidence_en.strip() or evidence_zh.strip())[:900]}",
    )


def draft_origin(*, kind: str, key: str, evidence: str) -> str:
    label = "CLC" if kind == TopicKind.CLC else "word"
    return f"planning suggestion ({label} {key}): {evidence}"[:300]


def shelf_first(rows: list[tuple[int, int]]) -> list[int]:
    """Record ids from (record id, copies on a shelf), most borrowed first: those
    with a copy on a shelf come first, each group keeping its order."""
    return [record_id for record_id, available in rows if available] + [
        record_id for record_id, available in rows if not available
    ]
