# ruff: noqa: E501 - the demo's bilingual texts, one per line
"""The demo's learning: three providers (the library, Zhejiang University, the
citizens' community university), three courses, classes of two of them at three
district libraries with weekly meetings and enrolled readers, and one course the
demo reader 王芳 (HZ00000001) has finished, with her certificate. The lesson video
is a four-second WebM (`demo/media/lesson-intro.webm`, 113 KB, a test pattern and
a tone) with Chinese and English captions, uploaded through the lesson service
like any staff upload. Idempotent: a course that exists (by its Chinese title) is
left alone, as are enrolments and progress already there."""

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.catalog.selectors.records import records_new_arrivals
from wenlan.core import clock
from wenlan.learning.enums import CourseFormat, CourseStatus, LessonKind, ProviderKind
from wenlan.learning.models import Course, CourseClass, Provider
from wenlan.learning.selectors.certificates import certificate_of
from wenlan.learning.services import classes, courses, enrolments, progress
from wenlan.network.models import Library, Partner
from wenlan.patrons.models import Reader

VIDEO = Path(__file__).resolve().parent / "media" / "lesson-intro.webm"
CAPTIONS_ZH = "WEBVTT\n\n00:00.000 --> 00:02.000\n欢迎来到文澜学习\n\n00:02.000 --> 00:04.000\n一起走进杭州图书馆\n"
CAPTIONS_EN = (
    "WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to Wenlan Learning\n\n"
    "00:02.000 --> 00:04.000\nStep into Hangzhou Public Library\n"
)
FINISHED_BY = "HZ00000001"

PROVIDERS = [
    # name zh, name en, kind, partner code
    ("杭州图书馆", "Hangzhou Public Library", ProviderKind.LIBRARY, None),
    ("浙江大学", "Zhejiang University", ProviderKind.UNIVERSITY, "zju"),
    (
        "杭州市民社区大学",
        "Hangzhou Citizens' Community University",
        ProviderKind.COMMUNITY_UNIVERSITY,
        None,
    ),
]

COURSES = [
    {
        "provider": "杭州图书馆",
        "title_zh": "用好图书馆：数字资源入门",
        "title_en": "Making the most of the library: digital resources",
        "summary_zh": "三个课时带您认识杭州图书馆的馆藏检索、预约与电子资源。",
        "summary_en": "Three lessons on the catalog, holds and e-resources of Hangzhou Public Library.",
        "format": CourseFormat.ONLINE,
        "lessons": [
            (
                LessonKind.VIDEO,
                "欢迎",
                "Welcome",
                "<p>先看一段短片。</p>",
                "<p>Watch a short film first.</p>",
            ),
            (
                LessonKind.TEXT,
                "检索与预约",
                "Searching and holds",
                "<p>在「馆藏检索」中输入题名、作者或拼音；在架的书可以预约到您最近的图书馆。</p>",
                "<p>Search by title, author or pinyin; place a hold to collect at your nearest library.</p>",
            ),
        ],
        "quiz": (
            "在哪里可以预约图书？",
            "Where do you place a hold?",
            [("书目页", "The record page", True), ("借阅历史", "Reading history", False)],
        ),
    },
    {
        "provider": "浙江大学",
        "title_zh": "宋韵文化十讲",
        "title_en": "Ten talks on Song dynasty culture",
        "summary_zh": "浙江大学的老师讲宋代杭州的城市、生活与艺术；线上学习，到馆研讨。",
        "summary_en": "Zhejiang University lecturers on Song dynasty Hangzhou; learn online, discuss in a library.",
        "format": CourseFormat.BLENDED,
        "lessons": [
            (LessonKind.VIDEO, "临安城", "The city of Lin'an", "", ""),
            (
                LessonKind.TEXT,
                "宋人的日常",
                "Daily life in the Song",
                "<p>《梦粱录》记下了南宋临安的四时节令与市井生活。</p>",
                "<p>The Dream of Liang records the seasons and streets of Lin'an.</p>",
            ),
        ],
        "quiz": (
            "南宋的都城是？",
            "The Southern Song capital was?",
            [("临安", "Lin'an", True), ("汴京", "Bianjing", False)],
        ),
        "classes": [
            ("XH", "西湖区图书馆 三楼报告厅", "沈老师", 30),
            ("SC", "上城区图书馆 多功能厅", "韩老师", 2),
        ],
    },
    {
        "provider": "杭州市民社区大学",
        "title_zh": "智能手机轻松学",
        "title_en": "Smartphones made easy",
        "summary_zh": "为长者开设：扫码、支付、挂号、出行，一次一个本领。",
        "summary_en": "For older readers: QR codes, payments, appointments and travel, one skill at a time.",
        "format": CourseFormat.IN_LIBRARY,
        "lessons": [
            (
                LessonKind.TEXT,
                "认识手机",
                "Meet your phone",
                "<p>开关机、音量、亮度与字体大小。</p>",
                "<p>Power, volume, brightness and text size.</p>",
            ),
        ],
        "quiz": None,
        "classes": [
            ("GS", "拱墅区图书馆 电子阅览室", "周老师", 20),
            ("BJ", "滨江区图书馆 培训室", "陆老师", 15),
        ],
    },
]


def _provider(name_zh: str, name_en: str, kind: str, partner_code: str | None) -> Provider:
    existing = Provider.objects.filter(name_zh=name_zh).first()
    if existing is not None:
        return existing
    partner = Partner.objects.filter(code=partner_code).first() if partner_code else None
    return courses.provider_create(
        actor=SYSTEM, name_zh=name_zh, name_en=name_en, kind=kind,
        partner_id=partner.pk if partner else None,
    )  # fmt: skip


def _video_uploads() -> courses.LessonUploads:
    return courses.LessonUploads(
        video=SimpleUploadedFile("lesson-intro.webm", VIDEO.read_bytes()),
        captions_zh=SimpleUploadedFile("zh.vtt", CAPTIONS_ZH.encode()),
        captions_en=SimpleUploadedFile("en.vtt", CAPTIONS_EN.encode()),
    )


def _course(entry: dict, providers: dict[str, Provider]) -> Course:
    existing = Course.objects.filter(title_zh=entry["title_zh"]).first()
    if existing is not None:
        return existing
    course = courses.course_save(
        actor=SYSTEM,
        fields=courses.CourseFields(
            provider_id=providers[entry["provider"]].pk,
            title_zh=entry["title_zh"], title_en=entry["title_en"],
            summary_zh=entry["summary_zh"], summary_en=entry["summary_en"],
            format=entry["format"], status=CourseStatus.PUBLISHED, attendance_percent=75,
        ),
    )  # fmt: skip
    last = None
    for position, (kind, title_zh, title_en, body_zh, body_en) in enumerate(entry["lessons"], 1):
        last = courses.lesson_save(
            actor=SYSTEM,
            course_id=course.pk,
            fields=courses.LessonFields(
                kind=kind, position=position, title_zh=title_zh, title_en=title_en,
                body_zh=body_zh, body_en=body_en,
            ),
            uploads=_video_uploads() if kind == LessonKind.VIDEO else courses.LessonUploads(),
        )  # fmt: skip
    if entry["quiz"] and last is not None:
        text_zh, text_en, choices = entry["quiz"]
        courses.quiz_save(actor=SYSTEM, lesson_id=last.pk, pass_percent=100, max_attempts=3)
        courses.question_add(
            actor=SYSTEM, lesson_id=last.pk, text_zh=text_zh, text_en=text_en, multiple=False,
            choices=[courses.ChoiceFields(text_zh=z, text_en=e, correct=c) for z, e, c in choices],
        )  # fmt: skip
    for record in records_new_arrivals(limit=2):
        courses.reading_item_add(actor=SYSTEM, course_id=course.pk, record_id=record.pk)
    return course


def _classes(course: Course, specs) -> None:
    today = timezone.localdate(clock.now())
    for code, room, teacher, capacity in specs:
        library = Library.objects.get(code=code)
        if CourseClass.objects.filter(course=course, library=library).exists():
            continue
        course_class = classes.class_create(
            actor=SYSTEM, course_id=course.pk, library_id=library.pk, room=room,
            teacher_name=teacher, capacity=capacity,
        )  # fmt: skip
        for week in range(4):
            day = today + dt.timedelta(days=7 * week)
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0)))
            classes.meeting_add(
                actor=SYSTEM, class_id=course_class.pk, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
            )  # fmt: skip
        for reader in Reader.objects.filter(home_library=library, user__isnull=False)[:3]:
            enrolments.enrolment_create(actor=reader.user, class_id=course_class.pk)


def _finish(course: Course, reader: Reader) -> None:
    """The demo reader does every lesson of the online course and passes its quiz."""
    for lesson in course.lessons.order_by("position"):
        quiz = getattr(lesson, "quiz", None)
        if quiz is None:
            progress.lesson_complete(actor=reader.user, lesson_id=lesson.pk)
            continue
        if quiz.attempts.filter(reader=reader, passed=True).exists():
            continue
        answers = {
            question.pk: [c.pk for c in question.choices.all() if c.correct]
            for question in quiz.questions.all()
        }
        progress.quiz_submit(actor=reader.user, quiz_id=quiz.pk, answers=answers)


def learning_demo_load() -> dict:
    providers = {p[0]: _provider(*p) for p in PROVIDERS}
    loaded = [_course(entry, providers) for entry in COURSES]
    for course, entry in zip(loaded, COURSES, strict=True):
        _classes(course, entry.get("classes", ()))
    finished = loaded[0]
    reader = Reader.objects.get(card_number=FINISHED_BY)
    _finish(finished, reader)
    certificate = certificate_of(reader_id=reader.pk, course_id=finished.pk)
    video_lesson = finished.lessons.get(kind=LessonKind.VIDEO)
    return {
        "learning": {
            "course_url": reverse("learning:course", args=[finished.pk]),
            "lesson_video_url": reverse("learning:lesson_video", args=[video_lesson.pk]),
            "certificate_verify_url": reverse(
                "learning:certificate_verify", args=[certificate.code]
            ),
            "reader": FINISHED_BY,
        }
    }
