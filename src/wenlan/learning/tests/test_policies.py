import pytest

from wenlan.learning import policies
from wenlan.learning.tests.factories import MP4_HEAD, WEBM_HEAD


def test_video_container_by_content_not_name():
    assert policies.video_container(MP4_HEAD) == ".mp4"
    assert policies.video_container(WEBM_HEAD) == ".webm"
    assert policies.video_container(b"\x1a\x45\xdf\xa3....matroska") is None  # not WebM
    assert policies.video_container(b"<html><script>") is None
    assert policies.video_container(b"GIF89a" + b"\x00" * 20) is None
    assert policies.video_container(b"") is None


def test_captions_valid():
    assert policies.captions_valid(b"WEBVTT\n\n")
    assert policies.captions_valid(b"\xef\xbb\xbfWEBVTT")
    assert not policies.captions_valid(b"1\n00:00:01,000 --> 00:00:02,000")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes=5-2", None),
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
        ("bytes=abc", None),
        ("bytes=-", None),
    ],
)
def test_byte_range(header, expected):
    assert policies.byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=2000-3000", "bytes=-0"])
def test_byte_range_not_satisfiable(header):
    with pytest.raises(policies.RangeNotSatisfiable):
        policies.byte_range(header, 1000)


def test_quiz_score_exact_answers_only():
    correct = {1: frozenset({10}), 2: frozenset({20, 21})}
    assert policies.quiz_score_percent(correct=correct, answers={1: frozenset({10})}) == 50
    both = {1: frozenset({10}), 2: frozenset({20, 21})}
    assert policies.quiz_score_percent(correct=correct, answers=both) == 100
    partial = {1: frozenset({10}), 2: frozenset({20})}
    assert policies.quiz_score_percent(correct=correct, answers=partial) == 50
    too_many = {1: frozenset({10, 11}), 2: frozenset({20, 21})}
    assert policies.quiz_score_percent(correct=correct, answers=too_many) == 50


def test_attempts_left():
    assert policies.quiz_attempts_left(max_attempts=0, used=9) is None
    assert policies.quiz_attempts_left(max_attempts=3, used=1) == 2
    assert policies.quiz_attempts_left(max_attempts=3, used=5) == 0


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王芳", "王*"), ("欧阳修", "欧**"), ("Ann Lee", "A** ***"), ("王", "王"), ("", "*")],
)
def test_name_masked(name, masked):
    assert policies.name_masked(name) == masked


def _rules(**kw):
    values = dict(
        lessons=2, quizzes=1, meetings=None, attendance_percent=80, needs_attendance=False
    )
    values.update(kw)
    return policies.CompletionRules(**values)


def test_course_completed():
    facts = policies.CompletionFacts(lessons_done=2, quizzes_passed=1, meetings_attended=0)
    assert policies.course_completed(_rules(), facts)
    assert not policies.course_completed(
        _rules(), policies.CompletionFacts(lessons_done=1, quizzes_passed=1, meetings_attended=0)
    )
    assert not policies.course_completed(_rules(needs_attendance=True), facts)  # in no class
    in_class = _rules(needs_attendance=True, meetings=5)
    assert not policies.course_completed(
        in_class, policies.CompletionFacts(lessons_done=2, quizzes_passed=1, meetings_attended=3)
    )
    assert policies.course_completed(
        in_class, policies.CompletionFacts(lessons_done=2, quizzes_passed=1, meetings_attended=4)
    )


def test_codes():
    code = policies.code_new(6)
    assert len(code) == 6 and set(code) <= set(policies.CODE_ALPHABET)
    assert policies.code_normalise(" ab-c 12 ") == "ABC12"
