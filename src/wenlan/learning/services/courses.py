"""Providers, courses, lessons, reading lists and quizzes: the central library's
staff (`Perm.LEARNING_MANAGE` there) create and edit them."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenlan.catalog.selectors.records import record_get
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.core.models import model_full_clean
from wenlan.learning import video
from wenlan.learning.enums import LessonKind
from wenlan.learning.html import body_html
from wenlan.learning.models import Choice, Course, Lesson, Provider, Question, Quiz, ReadingItem
from wenlan.learning.permissions import ensure_can_manage_courses


@transaction.atomic
def provider_create(
    *, actor, name_zh: str, name_en: str = "", kind: str, partner_id: int | None = None
) -> Provider:
    ensure_can_manage_courses(actor)
    provider = Provider(name_zh=name_zh, name_en=name_en, kind=kind, partner_id=partner_id)
    model_full_clean(provider)
    provider.save()
    return provider


@dataclass(frozen=True)
class CourseFields:
    provider_id: int
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    format: str
    status: str
    attendance_percent: int


@transaction.atomic
def course_save(*, actor, fields: CourseFields, course_id: int | None = None) -> Course:
    ensure_can_manage_courses(actor)
    if course_id is None:
        course = Course()
    else:
        course = Course.objects.select_for_update().filter(pk=course_id).first()
        if course is None:
            raise NotFoundError()
    for name, value in vars(fields).items():
        setattr(course, name, value)
    model_full_clean(course)
    course.save()
    return course


@dataclass(frozen=True)
class LessonFields:
    kind: str
    position: int
    title_zh: str
    title_en: str = ""
    body_zh: str = ""
    body_en: str = ""
    url: str = ""


@dataclass(frozen=True)
class LessonUploads:
    """Files given with the form; None keeps what the lesson has."""

    video: object = None
    captions_zh: object = None
    captions_en: object = None
    file: object = None


def _store(field, upload, suffix: str) -> None:
    field.save(f"upload{suffix}", upload, save=False)


@transaction.atomic
def lesson_save(
    *,
    actor,
    course_id: int,
    fields: LessonFields,
    uploads: LessonUploads = LessonUploads(),
    lesson_id: int | None = None,
) -> Lesson:
    """A lesson of the course, new or edited. A video is checked by its content
    (MP4 or WebM) and size before anything is stored; captions must be WebVTT."""
    ensure_can_manage_courses(actor)
    if not Course.objects.filter(pk=course_id).exists():
        raise NotFoundError()
    if lesson_id is None:
        lesson = Lesson(course_id=course_id)
    else:
        lesson = Lesson.objects.filter(pk=lesson_id, course_id=course_id).first()
        if lesson is None:
            raise NotFoundError()
    video_suffix = video.video_check(uploads.video) if uploads.video is not None else None
    for name in ("captions_zh", "captions_en"):
        if getattr(uploads, name) is not None:
            video.captions_check(getattr(uploads, name), field=name)
    if uploads.file is not None:
        video.file_check(uploads.file)
    lesson.kind, lesson.position = fields.kind, fields.position
    lesson.title_zh, lesson.title_en = fields.title_zh, fields.title_en
    lesson.body_zh, lesson.body_en = body_html(fields.body_zh), body_html(fields.body_en)
    lesson.url = fields.url
    if (
        Lesson.objects.filter(course_id=course_id, position=fields.position)
        .exclude(pk=lesson.pk)
        .exists()
    ):
        raise ValidationError(_("本课程已有这个顺序号的课时。"), field="position")
    if video_suffix is not None:
        _store(lesson.video, uploads.video, video_suffix)
        lesson.video_type = video.policies.VIDEO_TYPES[video_suffix]
    for name in ("captions_zh", "captions_en"):
        if getattr(uploads, name) is not None:
            _store(getattr(lesson, name), getattr(uploads, name), ".vtt")
    if uploads.file is not None:
        name = str(getattr(uploads.file, "name", "") or "file")[-200:]
        lesson.file_name = name.replace("\x00", "")
        lesson.file.save(lesson.file_name, uploads.file, save=False)
    _lesson_check(lesson)
    model_full_clean(lesson, exclude=["course"])
    lesson.save()
    return lesson


def _lesson_check(lesson: Lesson) -> None:
    if lesson.kind == LessonKind.VIDEO and not lesson.video:
        raise ValidationError(_("视频课时需要上传视频。"), field="video")
    if lesson.kind == LessonKind.FILE and not lesson.file:
        raise ValidationError(_("文件课时需要上传文件。"), field="file")
    if lesson.kind == LessonKind.LINK and not lesson.url:
        raise ValidationError(_("链接课时需要填写链接。"), field="url")


def lesson_file_put(*, lesson: Lesson, name: str, content: bytes) -> None:
    """A file lesson's file from bytes (an imported cartridge); the caller saves."""
    lesson.file_name = name[-200:]
    lesson.file.save(name[-200:], ContentFile(content), save=False)


@transaction.atomic
def lesson_delete(*, actor, lesson_id: int) -> None:
    ensure_can_manage_courses(actor)
    deleted, _rows = Lesson.objects.filter(pk=lesson_id).delete()
    if not deleted:
        raise NotFoundError()


@transaction.atomic
def reading_item_add(
    *, actor, course_id: int, record_id: int, note_zh: str = "", note_en: str = ""
) -> ReadingItem:
    ensure_can_manage_courses(actor)
    if not Course.objects.filter(pk=course_id).exists():
        raise NotFoundError()
    record_get(record_id=record_id)  # NotFoundError for no such (or a deleted) record
    position = ReadingItem.objects.filter(course_id=course_id).count() + 1
    item, _created = ReadingItem.objects.update_or_create(
        course_id=course_id,
        record_id=record_id,
        defaults={"note_zh": note_zh, "note_en": note_en},
        create_defaults={"note_zh": note_zh, "note_en": note_en, "position": position},
    )
    return item


@transaction.atomic
def reading_item_remove(*, actor, item_id: int) -> None:
    ensure_can_manage_courses(actor)
    ReadingItem.objects.filter(pk=item_id).delete()


@transaction.atomic
def quiz_save(*, actor, lesson_id: int, pass_percent: int, max_attempts: int) -> Quiz:
    ensure_can_manage_courses(actor)
    if not Lesson.objects.filter(pk=lesson_id).exists():
        raise NotFoundError()
    quiz, _created = Quiz.objects.get_or_create(lesson_id=lesson_id)
    quiz.pass_percent, quiz.max_attempts = pass_percent, max_attempts
    model_full_clean(quiz, exclude=["lesson"])
    quiz.save()
    return quiz


@dataclass(frozen=True)
class ChoiceFields:
    text_zh: str
    text_en: str = ""
    correct: bool = False


@transaction.atomic
def question_add(
    *,
    actor,
    lesson_id: int,
    text_zh: str,
    text_en: str = "",
    multiple: bool,
    choices: list[ChoiceFields],
) -> Question:
    """A single-choice question has exactly one right choice; a multiple-choice one
    at least one. The lesson gets a quiz with the default pass mark if it has none."""
    ensure_can_manage_courses(actor)
    if not Lesson.objects.filter(pk=lesson_id).exists():
        raise NotFoundError()
    choices = [choice for choice in choices if choice.text_zh.strip()]
    right = sum(1 for choice in choices if choice.correct)
    if len(choices) < 2:
        raise ValidationError(_("每道题至少需要两个选项。"), field="choices")
    if right == 0 or (not multiple and right != 1):
        raise ValidationError(_("单选题须有且只有一个正确答案，多选题至少一个。"), field="choices")
    quiz, _created = Quiz.objects.get_or_create(lesson_id=lesson_id)
    question = Question(
        quiz=quiz,
        text_zh=text_zh,
        text_en=text_en,
        multiple=multiple,
        position=quiz.questions.count() + 1,
    )
    model_full_clean(question, exclude=["quiz"])
    question.save()
    Choice.objects.bulk_create(
        Choice(question=question, text_zh=c.text_zh, text_en=c.text_en, correct=c.correct)
        for c in choices
    )
    return question


@transaction.atomic
def question_delete(*, actor, question_id: int) -> None:
    ensure_can_manage_courses(actor)
    Question.objects.filter(pk=question_id).delete()
