"""Pure rules of the think tank: which workflow step is allowed from which state,
the next number of a series' year, and which keywords a clipping's text matches."""

from wenlan.thinktank.enums import BulletinStatus

EDITABLE = frozenset({BulletinStatus.DRAFT, BulletinStatus.SENT_BACK})

# action → the states it may be taken from, and the state it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (EDITABLE, BulletinStatus.IN_REVIEW),
    "send_back": (frozenset({BulletinStatus.IN_REVIEW}), BulletinStatus.SENT_BACK),
    "approve": (frozenset({BulletinStatus.IN_REVIEW}), BulletinStatus.APPROVED),
    "issue": (frozenset({BulletinStatus.APPROVED}), BulletinStatus.ISSUED),
}


def next_status(current: str, action: str) -> str | None:
    """The state `action` leads to from `current`, or None when it is not allowed."""
    allowed_from, to = TRANSITIONS[action]
    return to if current in allowed_from else None


def next_number(taken: list[int]) -> int:
    """An issue gets the number after the year's highest (numbers start at 1)."""
    return max(taken, default=0) + 1


def matching_keyword(search_text: str, keywords: list[str], words_of) -> str | None:
    """The first keyword all of whose words are in the clipping's indexed text."""
    for keyword in keywords:
        words = words_of(keyword)
        if words and all(f" {w} " in search_text for w in words):
            return keyword
    return None
