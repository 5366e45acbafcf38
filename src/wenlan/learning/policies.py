"""Pure rules of learning: values in, a decision out (no ORM, no clock)."""

import secrets
from dataclasses import dataclass

# Check-in codes: no 0/O, 1/I/L, so a code read aloud or off a screen is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6
CERTIFICATE_CODE_LENGTH = 20

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}


def video_container(head: bytes) -> str | None:
    """The container of a video from its first bytes: ".mp4" (an ISO base media
    file: a box whose type is `ftyp` at offset 4), ".webm" (an EBML header whose
    DocType is "webm"), else None. The file's name is never asked."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return ".webm"
    return None


def captions_valid(head: bytes) -> bool:
    """A WebVTT file starts with "WEBVTT" (after an optional byte order mark)."""
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have (416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) that a `Range: bytes=…` header asks of a
    file of `size` bytes; None to send the whole file (no header, another unit, a
    malformed one or several ranges, which RFC 9110 lets a server ignore). A range
    that starts past the end raises RangeNotSatisfiable."""
    if not header or not header.startswith("bytes="):
        return None
    spec = header[len("bytes=") :].strip()
    if "," in spec or "-" not in spec:
        return None
    first_text, last_text = (part.strip() for part in spec.split("-", 1))
    if not (first_text.isdigit() or first_text == "") or not (
        last_text.isdigit() or last_text == ""
    ):
        return None
    if first_text == "":
        if last_text == "":
            return None
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable()
        return max(0, size - suffix), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size:
        raise RangeNotSatisfiable()
    if last < first:
        return None
    return first, min(last, size - 1)


def quiz_score_percent(
    *, correct: dict[int, frozenset[int]], answers: dict[int, frozenset[int]]
) -> int:
    """The share of questions answered exactly right (every right choice and no
    other), as a whole percentage rounded down."""
    if not correct:
        return 100
    right = sum(1 for question, choices in correct.items() if answers.get(question) == choices)
    return right * 100 // len(correct)


def quiz_attempts_left(*, max_attempts: int, used: int) -> int | None:
    """None when attempts are unlimited (0)."""
    if max_attempts == 0:
        return None
    return max(0, max_attempts - used)


def name_masked(name: str) -> str:
    """What the public verification page shows of the holder: the first character,
    then one asterisk per further letter (王芳 → 王*, 欧阳修 → 欧**, Ann Lee → A** ***)."""
    name = name.strip()
    if not name:
        return "*"
    return name[0] + "".join(" " if ch == " " else "*" for ch in name[1:])


@dataclass(frozen=True)
class CompletionRules:
    lessons: int
    quizzes: int
    meetings: int | None  # of the reader's class; None when they are in none
    attendance_percent: int
    needs_attendance: bool


@dataclass(frozen=True)
class CompletionFacts:
    lessons_done: int
    quizzes_passed: int
    meetings_attended: int


def attendance_percent(*, attended: int, meetings: int) -> int:
    return 100 if meetings == 0 else attended * 100 // meetings


def course_completed(rules: CompletionRules, facts: CompletionFacts) -> bool:
    """Every lesson done, every quiz passed and, for a reader in an in-library or
    blended class, the class's attendance at least the course's percentage."""
    if facts.lessons_done < rules.lessons or facts.quizzes_passed < rules.quizzes:
        return False
    if rules.needs_attendance:
        if rules.meetings is None:
            return False
        share = attendance_percent(attended=facts.meetings_attended, meetings=rules.meetings)
        return share >= rules.attendance_percent
    return True


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]
