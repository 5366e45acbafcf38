"""A reader on a 375 px phone page finishes a course: watches the video lesson and
marks it done, answers the last lesson's quiz (a wrong answer first, then the
right one), downloads the certificate, and its verification URL says it is genuine."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, assert_accessible, log_in  # noqa: F401
from wenlan.learning.tests.factories import (
    MP4_HEAD,
    VTT,
    CourseFactory,
    LessonFactory,
    quiz_with_question,
)
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def scene(db):
    course = CourseFactory(title_zh="宋韵文化十讲", format="online")
    video = LessonFactory(
        course=course,
        position=1,
        kind="video",
        title_zh="临安城",
        video=ContentFile(MP4_HEAD + b"\x00" * 2000, name="v.mp4"),
        video_type="video/mp4",
        captions_zh=ContentFile(VTT, name="zh.vtt"),
    )
    last = LessonFactory(course=course, position=2, title_zh="宋人的日常")
    quiz_with_question(last)
    reader = ReaderFactory(name="王芳")
    return course, video, last, reader


def test_reader_finishes_a_course_and_the_certificate_verifies(live_server, scene, browser):
    course, video, last, reader = scene
    context = browser.new_context(locale="zh-CN", **PHONE_375)
    page = context.new_page()
    log_in(page, live_server.url, reader.card_number)

    page.goto(f"{live_server.url}/learning/courses/{course.pk}/")
    page.get_by_role("link", name="临安城").click()
    expect(page.locator("video.lesson-video")).to_be_visible()
    width = page.evaluate("() => document.querySelector('video.lesson-video').clientWidth")
    assert width <= 375
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert page.locator("video track[srclang='zh-Hans']").count() == 1
    page.get_by_role("button", name="标记为已完成").click()
    expect(page.locator(".messages")).to_contain_text("本课时已完成")

    page.get_by_role("link", name="宋人的日常 →").click()
    page.get_by_label("京").check()
    page.get_by_role("button", name="提交答案").click()
    expect(page.locator(".messages")).to_contain_text("未通过")
    page.get_by_label("杭").check()
    page.get_by_role("button", name="提交答案").click()
    expect(page.locator(".messages")).to_contain_text("测验通过")
    expect(page.get_by_text("您已结业。").first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载结业证书（PDF）").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="证书验证页").first.click()
    expect(page.locator(".verify-genuine")).to_contain_text("证书真实有效")
    expect(page.locator("dl.facts")).to_contain_text("王*")
    assert "王芳" not in page.locator("main").inner_text()
    context.close()
