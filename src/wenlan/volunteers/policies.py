"""Pure rules of volunteering: values in, a decision out (no ORM, no clock)."""

import datetime as dt
import secrets
from dataclasses import dataclass

# Shift codes: no 0/O, 1/I/L, so a code read off a screen is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6
CERTIFICATE_CODE_LENGTH = 20

# The national star levels (志愿者星级) by approved hours: 1★ 100 h … 5★ 1,500 h.
STAR_HOURS = (100, 300, 600, 1000, 1500)

CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=30)
CHECK_OUT_CLOSES_AFTER = dt.timedelta(hours=2)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_normalise(text: str) -> str:
    return "".join(text.split()).upper()


def id_number_valid(number: str) -> bool:
    """A resident identity card number (GB 11643-1999): 17 digits holding a real
    date of birth at positions 7-14, then a check character (ISO 7064 MOD 11-2)."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def id_number_masked(number: str) -> str:
    """What pages show: the first three and the last four characters."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def name_masked(name: str) -> str:
    """王芳 → 王*, 欧阳修 → 欧**, Ann Lee → A** ***."""
    name = name.strip()
    if not name:
        return "*"
    return name[0] + "".join(" " if ch == " " else "*" for ch in name[1:])


def tags_encode(values) -> str:
    """A set of codes as one text bounded by commas (",a,b,"), so a `contains`
    lookup of ",a," finds a whole code on every database."""
    codes = sorted({value for value in values if value})
    return f",{','.join(codes)}," if codes else ""


def tags_decode(text: str) -> list[str]:
    return [code for code in text.split(",") if code]


def slot_bit(*, weekday: int, part: int) -> int:
    """Availability is a bit mask of 21 slots: weekday (0 Monday) × part of day."""
    return 1 << (weekday * 3 + part)


def slots_mask(slots) -> int:
    mask = 0
    for weekday, part in slots:
        mask |= slot_bit(weekday=weekday, part=part)
    return mask


def slots_of(mask: int) -> list[tuple[int, int]]:
    return [(bit // 3, bit % 3) for bit in range(21) if mask & (1 << bit)]


def day_part(at: dt.datetime) -> int:
    """Morning before noon, afternoon before six, evening after (local time)."""
    if at.hour < 12:
        return 0
    if at.hour < 18:
        return 1
    return 2


def shift_slot(local_start: dt.datetime) -> tuple[int, int]:
    return local_start.weekday(), day_part(local_start)


def worked_minutes(checked_in_at: dt.datetime, checked_out_at: dt.datetime) -> int:
    return max(0, int((checked_out_at - checked_in_at).total_seconds() // 60))


def check_in_open(*, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> bool:
    return starts_at - CHECK_IN_OPENS_BEFORE <= now <= ends_at


def check_out_open(*, ends_at: dt.datetime, now: dt.datetime) -> bool:
    return now <= ends_at + CHECK_OUT_CLOSES_AFTER


def stars(minutes: int) -> int:
    hours = minutes // 60
    return sum(1 for threshold in STAR_HOURS if hours >= threshold)


def hours_to_next_star(minutes: int) -> int | None:
    """Whole hours still to serve for the next star; None at five stars."""
    hours = minutes / 60
    for threshold in STAR_HOURS:
        if hours < threshold:
            return int(threshold - hours + 0.999)
    return None


def hours_display(minutes: int) -> str:
    return f"{minutes / 60:.1f}"


@dataclass(frozen=True)
class Qualification:
    qualified: bool
    missing_skills: tuple[str, ...]
    missing_trainings: tuple[str, ...]


def qualification(
    *, skills: set[str], trainings: set[str], needs_skills: set[str], needs_trainings: set[str]
) -> Qualification:
    """Whether a volunteer may take a shift: every training it asks for done and,
    when it asks for skills, at least one of them held."""
    missing_trainings = tuple(sorted(needs_trainings - trainings))
    missing_skills = (
        tuple(sorted(needs_skills)) if needs_skills and not (needs_skills & skills) else ()
    )
    return Qualification(
        qualified=not missing_trainings and not missing_skills,
        missing_skills=missing_skills,
        missing_trainings=missing_trainings,
    )


@dataclass(frozen=True)
class MatchTerms:
    """Why a volunteer is suggested for a shift: the skills of theirs it asks for,
    whether they live in its district, whether they said they are free then."""

    skills: tuple[str, ...]
    same_district: bool
    available: bool

    @property
    def score(self) -> int:
        return 3 * len(self.skills) + 2 * self.same_district + 2 * self.available

    @property
    def any(self) -> bool:
        return bool(self.skills) or self.same_district or self.available


def match_terms(
    *,
    skills: set[str],
    district: str,
    availability: int,
    needs_skills: set[str],
    shift_district: str,
    slot: tuple[int, int],
) -> MatchTerms:
    return MatchTerms(
        skills=tuple(sorted(skills & needs_skills)),
        same_district=bool(district) and district == shift_district,
        available=bool(availability & slot_bit(weekday=slot[0], part=slot[1])),
    )


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]
