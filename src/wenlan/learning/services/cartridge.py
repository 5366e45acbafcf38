"""Importing a Common Cartridge as a draft course: the plan read from the package
(`learning.cartridge`) is written in one transaction; the files of file lessons
are written as the lessons are, and deleted again if the transaction fails, so a
broken package leaves nothing behind."""

from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from wenlan.core.errors import NotFoundError
from wenlan.core.i18n import has_han
from wenlan.learning import cartridge
from wenlan.learning.enums import CourseFormat, CourseStatus, LessonKind
from wenlan.learning.models import Choice, Course, Lesson, Provider, Question, Quiz
from wenlan.learning.permissions import ensure_can_manage_courses
from wenlan.learning.services.courses import lesson_file_put


@dataclass(frozen=True)
class ImportReport:
    course: Course
    lessons: int
    quizzes: int
    questions: int
    skipped: list[cartridge.Skipped]

    def summary(self) -> dict:
        return {
            "course_id": self.course.pk,
            "title": self.course.title_zh or self.course.title_en,
            "lessons": self.lessons,
            "quizzes": self.quizzes,
            "questions": self.questions,
            "not_imported": len(self.skipped),
        }


def _bilingual(text: str) -> tuple[str, str]:
    """Imported text goes to the Chinese field when it is Chinese, else English;
    the Chinese field is never left empty (it is the one required)."""
    text = text.replace("\x00", "")
    return (text, "") if has_han(text) else (text, text)


def cartridge_import(*, actor, source: BinaryIO, provider_id: int) -> ImportReport:
    """The package as a draft course of `provider_id`, to be reviewed and published
    by staff. Raises CartridgeError (nothing written) for a broken package."""
    ensure_can_manage_courses(actor)
    if not Provider.objects.filter(pk=provider_id).exists():
        raise NotFoundError()
    plan = cartridge.cartridge_plan(
        source, unpacked_limit=settings.WENLAN_LEARNING_CARTRIDGE_UNPACKED_MAX_MB * 1024 * 1024
    )
    written: list[str] = []
    try:
        return _write(plan, provider_id, written)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


@transaction.atomic
def _write(plan: cartridge.CartridgePlan, provider_id: int, written: list[str]) -> ImportReport:
    title_zh, title_en = _bilingual(plan.title)
    course = Course.objects.create(
        provider_id=provider_id,
        title_zh=title_zh[:200],
        title_en=title_en[:200],
        format=CourseFormat.ONLINE,
        status=CourseStatus.DRAFT,
    )
    quizzes = questions = 0
    for position, planned in enumerate(plan.lessons, 1):
        zh, en = _bilingual(planned.title)
        body_zh, body_en = (planned.body, "") if has_han(planned.body) else ("", planned.body)
        lesson = Lesson(
            course=course,
            position=position,
            kind=planned.kind if planned.kind != "text" else LessonKind.TEXT,
            title_zh=zh[:200],
            title_en=en[:200],
            body_zh=body_zh,
            body_en=body_en,
            url=planned.url,
        )
        if planned.kind == LessonKind.FILE:
            lesson_file_put(lesson=lesson, name=planned.file_name, content=planned.file_bytes)
            written.append(lesson.file.name)
        lesson.save()
        if planned.questions:
            quizzes += 1
            quiz = Quiz.objects.create(lesson=lesson, pass_percent=60, max_attempts=3)
            for number, planned_question in enumerate(planned.questions, 1):
                text_zh, text_en = _bilingual(planned_question.text)
                question = Question.objects.create(
                    quiz=quiz,
                    position=number,
                    text_zh=text_zh,
                    text_en=text_en,
                    multiple=planned_question.multiple,
                )
                Choice.objects.bulk_create(
                    Choice(question=question, text_zh=text[:300], correct=correct)
                    for text, correct in planned_question.choices
                )
                questions += 1
    return ImportReport(
        course=course,
        lessons=len(plan.lessons),
        quizzes=quizzes,
        questions=questions,
        skipped=plan.skipped,
    )
