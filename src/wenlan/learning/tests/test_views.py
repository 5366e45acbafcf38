import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, record_create
from wenlan.core import clock
from wenlan.learning.models import Attendance, Course, Lesson
from wenlan.learning.tests.factories import (
    BASE,
    ClassMeetingFactory,
    CourseClassFactory,
    CourseFactory,
    EnrolmentFactory,
    LessonFactory,
    ProviderFactory,
    ReadingItemFactory,
    central_library,
    quiz_with_question,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_reader_pages(client, django_assert_max_num_queries):
    course = CourseFactory(title_zh="宋韵文化", format="blended")
    lesson = LessonFactory(course=course, body_zh="<p>正文<script>x</script></p>")
    quiz_with_question(LessonFactory(course=course))
    record = record_create(title="梦粱录", author="吴自牧")
    ItemFactory(record=record)
    ReadingItemFactory(course=course, record=record)
    CourseClassFactory(course=course)
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert "宋韵文化" in client.get(reverse("learning:courses")).content.decode()
    with django_assert_max_num_queries(25):
        page = client.get(reverse("learning:course", args=[course.pk])).content.decode()
    assert (
        "梦粱录" in page
        and "在架 1 册" in page
        and reverse("catalog:record", args=[record.pk]) in page
    )
    with django_assert_max_num_queries(25):
        page = client.get(reverse("learning:lesson", args=[lesson.pk])).content.decode()
    assert "正文" in page and "<script>x" not in page
    assert client.get(reverse("learning:my_learning")).status_code == 200


def test_draft_course_is_404_for_readers(client):
    course = CourseFactory(status="draft")
    assert client.get(reverse("learning:course", args=[course.pk])).status_code == 404


def test_reader_finishes_a_lesson_quiz_by_form(client):
    lesson = LessonFactory()
    quiz, question, right, _wrong = quiz_with_question(lesson)
    reader = ReaderFactory()
    client.force_login(reader.user)
    response = client.post(
        reverse("learning:quiz_submit", args=[lesson.pk]), {f"q-{question.pk}": str(right[0].pk)}
    )
    assert response.status_code == 302
    page = client.get(reverse("learning:lesson", args=[lesson.pk])).content.decode()
    assert "测验已通过" in page and "下载结业证书" in page


def test_enrol_and_check_in_by_code_pages(client):
    course_class = CourseClassFactory(capacity=5)
    meeting = ClassMeetingFactory(course_class=course_class, checkin_code="XYZ789")
    reader = ReaderFactory()
    client.force_login(reader.user)
    client.post(reverse("learning:class_enrol", args=[course_class.pk]))
    with clock.freeze(BASE):
        response = client.post(reverse("learning:my_learning"), {"code": "xyz789"})
    assert response.status_code == 302
    assert Attendance.objects.filter(reader=reader, meeting=meeting).count() == 1
    with clock.freeze(BASE):
        bad = client.post(reverse("learning:my_learning"), {"code": "\x00" * 3 + "<b>"})
    assert bad.status_code in (200, 400)


@pytest.fixture
def manager():
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=central_library())


def test_staff_create_course_lesson_quiz(client, manager):
    provider = ProviderFactory()
    client.force_login(manager)
    response = client.post(
        reverse("learning:staff_course_new"),
        {
            "provider": provider.pk,
            "title_zh": "数字素养",
            "format": "online",
            "status": "published",
            "attendance_percent": 80,
        },
    )
    course = Course.objects.get()
    assert response["Location"] == reverse("learning:staff_course", args=[course.pk])
    client.post(
        reverse("learning:staff_lesson_new", args=[course.pk]),
        {"kind": "text", "position": 1, "title_zh": "导论", "body_zh": "第一段\n\n第二段"},
    )
    lesson = Lesson.objects.get()
    assert lesson.body_zh == "<p>第一段</p>\n\n<p>第二段</p>"
    client.post(
        reverse("learning:staff_question_add", args=[lesson.pk]),
        {"text_zh": "哪个对？", "choices": "*对 | Right\n错 | Wrong"},
    )
    question = lesson.quiz.questions.get()
    assert [(c.text_zh, c.text_en, c.correct) for c in question.choices.all()] == [
        ("对", "Right", True),
        ("错", "Wrong", False),
    ]
    for name, args in [
        ("learning:staff_courses", []),
        ("learning:staff_course", [course.pk]),
        ("learning:staff_lesson", [lesson.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200


def test_report_scoped_central_sees_all_district_its_own(client, manager):
    district, other = LibraryFactory(code="XH"), LibraryFactory(code="SC")
    mine = CourseClassFactory(library=district, course__title_zh="西湖班")
    CourseClassFactory(library=other, course__title_zh="上城班")
    meeting = ClassMeetingFactory(course_class=mine)
    enrolment = EnrolmentFactory(course_class=mine)
    Attendance.objects.create(reader=enrolment.reader, meeting=meeting, method="code", at=BASE)
    client.force_login(manager)
    page = client.get(reverse("learning:staff_report")).content.decode()
    assert "西湖班" in page and "上城班" in page
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("learning:staff_report_export")).content)
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "图书馆" and len(rows) == 3
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=district))
    page = client.get(reverse("learning:staff_report")).content.decode()
    assert "西湖班" in page and "上城班" not in page
    assert client.get(reverse("learning:staff_class", args=[mine.pk])).status_code == 200
    assert client.get(reverse("learning:staff_meeting_scan", args=[meeting.pk])).status_code == 200


def test_staff_scan_page(client):
    central_library()
    course_class = CourseClassFactory()
    meeting = ClassMeetingFactory(
        course_class=course_class, starts_at=BASE, ends_at=BASE + dt.timedelta(hours=1)
    )
    enrolment = EnrolmentFactory(course_class=course_class)
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=course_class.library))
    with clock.freeze(BASE):
        page = client.post(
            reverse("learning:staff_meeting_scan", args=[meeting.pk]),
            {"card": enrolment.reader.card_number},
        ).content.decode()
    assert "签到成功" in page
    with clock.freeze(BASE):
        page = client.post(
            reverse("learning:staff_meeting_scan", args=[meeting.pk]), {"card": "NOSUCH"}
        ).content.decode()
    assert "不能签到" in page


def test_staff_home_links_courses_for_the_central_library_only(client, manager):
    client.force_login(manager)
    page = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("learning:staff_courses") in page and reverse("learning:staff_classes") in page
    client.force_login(staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory()))
    page = client.get(reverse("accounts:staff_home")).content.decode()
    assert reverse("learning:staff_courses") not in page
    assert reverse("learning:staff_classes") in page
    assert client.get(reverse("learning:staff_courses")).status_code == 403


def test_reader_account_page_links_my_learning(client):
    reader = ReaderFactory()
    client.force_login(reader.user)
    assert reverse("learning:my_learning") in client.get(reverse("patrons:me")).content.decode()
    assert reverse("learning:courses") in client.get("/").content.decode()
