"""Courses and lessons as readers and staff see them."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from wenlan.catalog.selectors.records import RecordAvailability, records_availability
from wenlan.core.errors import NotFoundError
from wenlan.learning.enums import CourseStatus
from wenlan.learning.models import Course, Lesson, Provider, Question, Quiz, ReadingItem
from wenlan.learning.permissions import ensure_can_manage_courses


def course_list_published() -> QuerySet[Course]:
    return (
        Course.objects.filter(status=CourseStatus.PUBLISHED)
        .select_related("provider")
        .annotate(lesson_count=Count("lessons"))
        .order_by("-pk")
    )


def course_get_published(*, course_id: int) -> Course:
    course = (
        Course.objects.filter(pk=course_id, status=CourseStatus.PUBLISHED)
        .select_related("provider")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("position")))
        .first()
    )
    if course is None:
        raise NotFoundError()
    return course


@dataclass(frozen=True)
class ReadingEntry:
    item: ReadingItem
    availability: RecordAvailability


def reading_list(*, course_id: int) -> list[ReadingEntry]:
    items = list(
        ReadingItem.objects.filter(course_id=course_id, record__is_deleted=False).select_related(
            "record"
        )
    )
    availability = records_availability(record_ids=[item.record_id for item in items])
    return [ReadingEntry(item, availability[item.record_id]) for item in items]


@dataclass(frozen=True)
class LessonPage:
    lesson: Lesson
    lessons: list[Lesson]
    previous: Lesson | None
    next: Lesson | None
    quiz: Quiz | None


def lesson_page(*, lesson_id: int, published_only: bool = True) -> LessonPage:
    """A lesson with its course's lessons in order (for the steps), and its quiz
    with questions and choices."""
    lesson = Lesson.objects.select_related("course__provider").filter(pk=lesson_id).first()
    if lesson is None or (published_only and lesson.course.status != CourseStatus.PUBLISHED):
        raise NotFoundError()
    lessons = list(
        Lesson.objects.filter(course_id=lesson.course_id)
        .only("pk", "position", "title_zh", "title_en", "kind", "course_id")
        .annotate(quiz_pk=F("quiz__id"))
        .order_by("position")
    )
    index = next(i for i, other in enumerate(lessons) if other.pk == lesson.pk)
    quiz = (
        Quiz.objects.filter(lesson=lesson)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        )
        .first()
    )
    return LessonPage(
        lesson=lesson,
        lessons=lessons,
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        quiz=quiz,
    )


def lesson_for_media(*, lesson_id: int, actor) -> Lesson:
    """A lesson whose video, captions or file may be fetched: of a published
    course, or any course for staff who manage courses."""
    lesson = Lesson.objects.select_related("course").filter(pk=lesson_id).first()
    if lesson is None:
        raise NotFoundError()
    if lesson.course.status != CourseStatus.PUBLISHED:
        ensure_can_manage_courses(actor)
    return lesson


# --- staff -------------------------------------------------------------------------


def course_list_for_staff(*, actor) -> QuerySet[Course]:
    ensure_can_manage_courses(actor)
    return (
        Course.objects.select_related("provider")
        .annotate(lesson_count=Count("lessons", distinct=True))
        .order_by("-pk")
    )


def course_get_for_staff(*, actor, course_id: int) -> Course:
    ensure_can_manage_courses(actor)
    course = (
        Course.objects.select_related("provider")
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("position")),
            "reading_list__record",
        )
        .filter(pk=course_id)
        .first()
    )
    if course is None:
        raise NotFoundError()
    return course


def lesson_get_for_staff(*, actor, lesson_id: int) -> Lesson:
    ensure_can_manage_courses(actor)
    lesson = Lesson.objects.select_related("course").filter(pk=lesson_id).first()
    if lesson is None:
        raise NotFoundError()
    return lesson


def provider_list() -> QuerySet[Provider]:
    return Provider.objects.order_by("name_zh", "pk")


def provider_default() -> Provider | None:
    """The library's own provider (the first of that kind), else the first one."""
    providers = Provider.objects.order_by("pk")
    return providers.filter(kind="library").first() or providers.first()
