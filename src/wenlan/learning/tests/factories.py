import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from wenlan.learning.enums import CourseFormat, CourseStatus, LessonKind, ProviderKind
from wenlan.learning.models import (
    Attendance,
    Certificate,
    Choice,
    ClassMeeting,
    Course,
    CourseClass,
    Enrolment,
    Lesson,
    LessonProgress,
    Provider,
    Question,
    Quiz,
    QuizAttempt,
    ReadingItem,
)
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

BASE = timezone.make_aware(dt.datetime(2026, 12, 5, 14, 0))
# The smallest MP4 the sniffing accepts: an `ftyp` box (isom brand).
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01"
    b"\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
)
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\n\xe4\xbd\xa0\xe5\xa5\xbd\n"


def central_library():
    return LibraryFactory(kind=LibraryKind.CENTRAL, code="HZ")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name_zh = factory.Sequence(lambda n: f"提供方{n}")
    name_en = factory.Sequence(lambda n: f"Provider {n}")
    kind = ProviderKind.LIBRARY


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    provider = factory.SubFactory(ProviderFactory)
    title_zh = factory.Sequence(lambda n: f"课程{n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    format = CourseFormat.ONLINE
    status = CourseStatus.PUBLISHED
    attendance_percent = 80


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = LessonKind.TEXT
    title_zh = factory.Sequence(lambda n: f"课时{n}")
    title_en = factory.Sequence(lambda n: f"Lesson {n}")
    body_zh = "<p>正文</p>"


class VideoLessonFactory(LessonFactory):
    kind = LessonKind.VIDEO
    video = factory.LazyFunction(lambda: ContentFile(MP4_HEAD + b"\x00" * 1000, name="v.mp4"))
    video_type = "video/mp4"


class ReadingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingItem

    course = factory.SubFactory(CourseFactory)
    record = factory.SubFactory("wenlan.catalog.tests.factories.RecordFactory")


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    pass_percent = 60
    max_attempts = 3


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text_zh = "杭州的简称是？"
    text_en = "Hangzhou's short name?"


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text_zh = factory.Sequence(lambda n: f"选项{n}")
    correct = False


def quiz_with_question(lesson, *, multiple: bool = False, **quiz_fields):
    """A quiz of one question with a right choice and a wrong one (and, for a
    multiple-choice question, a second right one)."""
    quiz = QuizFactory(lesson=lesson, **quiz_fields)
    question = QuestionFactory(quiz=quiz, multiple=multiple)
    right = [ChoiceFactory(question=question, text_zh="杭", correct=True)]
    wrong = ChoiceFactory(question=question, text_zh="京")
    if multiple:
        right.append(ChoiceFactory(question=question, text_zh="临安", correct=True))
    return quiz, question, right, wrong


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    reader = factory.SubFactory(ReaderFactory)
    lesson = factory.SubFactory(LessonFactory)
    completed_at = BASE


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizAttempt

    reader = factory.SubFactory(ReaderFactory)
    quiz = factory.SubFactory(QuizFactory)
    number = 1
    score_percent = 100
    passed = True
    submitted_at = BASE


class CourseClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseClass

    course = factory.SubFactory(CourseFactory, format=CourseFormat.IN_LIBRARY)
    library = factory.SubFactory(LibraryFactory)
    room = "多功能厅"
    teacher_name = "李老师"
    capacity = 20


class ClassMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassMeeting

    course_class = factory.SubFactory(CourseClassFactory)
    starts_at = BASE
    ends_at = BASE + dt.timedelta(hours=2)
    checkin_code = factory.Sequence(lambda n: f"C{n:05d}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    reader = factory.SubFactory(ReaderFactory)
    course_class = factory.SubFactory(CourseClassFactory)
    status = "enrolled"
    created_at = BASE


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    reader = factory.SubFactory(ReaderFactory)
    meeting = factory.SubFactory(ClassMeetingFactory)
    method = "code"
    at = BASE


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    code = factory.Sequence(lambda n: f"CERT{n:016d}")
    reader = factory.SubFactory(ReaderFactory)
    course = factory.SubFactory(CourseFactory)
    holder_name = factory.SelfAttribute("reader.name")
    issued_at = BASE
