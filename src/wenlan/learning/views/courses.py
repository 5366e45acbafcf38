"""Reader pages: courses, lessons (video, text, file, link, quiz), marking a lesson
done, submitting a quiz. Phone-first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wenlan.core.errors import WenlanError
from wenlan.learning.selectors import classes as class_selectors
from wenlan.learning.selectors.certificates import certificate_of
from wenlan.learning.selectors.courses import (
    course_get_published,
    course_list_published,
    lesson_page,
    reading_list,
)
from wenlan.learning.selectors.progress import course_progress
from wenlan.learning.services import progress
from wenlan.patrons.selectors import reader_of


@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/course_list.html", {"courses": course_list_published()})


@require_safe
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_get_published(course_id=course_id)
    reader = reader_of(request.user)
    mine = course_progress(reader_id=reader.pk, course=course) if reader else None
    enrolled = class_selectors.enrolments_of_reader_by_class(reader_id=reader.pk) if reader else {}
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "lessons": list(course.lessons.all()),
            "reading": reading_list(course_id=course.pk),
            "class_rows": [
                (c, enrolled.get(c.pk))
                for c in class_selectors.class_list_open(course_id=course.pk)
            ],
            "progress": mine,
            "certificate": certificate_of(reader_id=reader.pk, course_id=course.pk)
            if reader
            else None,
        },
    )


@require_safe
def lesson_detail(request: HttpRequest, lesson_id: int) -> HttpResponse:
    page = lesson_page(lesson_id=lesson_id)
    reader = reader_of(request.user)
    mine = (
        course_progress(reader_id=reader.pk, course=page.lesson.course, lessons=page.lessons)
        if reader
        else None
    )
    attempts = mine.attempts.get(page.quiz.pk, 0) if mine and page.quiz else 0
    return render(
        request,
        "learning/lesson_detail.html",
        {
            "page": page,
            "lesson": page.lesson,
            "course": page.lesson.course,
            "progress": mine,
            "done": mine is not None and page.lesson.pk in mine.done_lesson_ids,
            "quiz_passed": mine is not None
            and page.quiz is not None
            and page.quiz.pk in mine.passed_quiz_ids,
            "attempts_used": attempts,
            "certificate": certificate_of(reader_id=reader.pk, course_id=page.lesson.course_id)
            if reader
            else None,
        },
    )


@login_required
@require_POST
def lesson_done(request: HttpRequest, lesson_id: int) -> HttpResponse:
    try:
        progress.lesson_complete(actor=request.user, lesson_id=lesson_id)
        messages.success(request, _("本课时已完成。"))
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("learning:lesson", lesson_id=lesson_id)


def _answers(request: HttpRequest) -> dict[int, list[int]]:
    answers: dict[int, list[int]] = {}
    for key in request.POST:
        if not key.startswith("q-"):
            continue
        question = key[2:]
        if not question.isdigit():
            continue
        chosen = [int(v) for v in request.POST.getlist(key)[:50] if v.isdigit() and len(v) < 12]
        answers[int(question)] = chosen
    return answers


@login_required
@require_POST
def quiz_submit(request: HttpRequest, lesson_id: int) -> HttpResponse:
    page = lesson_page(lesson_id=lesson_id)
    if page.quiz is None:
        return redirect("learning:lesson", lesson_id=lesson_id)
    try:
        result = progress.quiz_submit(
            actor=request.user, quiz_id=page.quiz.pk, answers=_answers(request)
        )
    except WenlanError as error:
        messages.error(request, str(error))
        return redirect("learning:lesson", lesson_id=lesson_id)
    attempt = result.attempt
    if attempt.passed:
        messages.success(
            request, _("测验通过：得分 %(score)d%%。") % {"score": attempt.score_percent}
        )
    elif result.attempts_left == 0:
        messages.error(
            request,
            _("未通过：得分 %(score)d%%，作答次数已用完。") % {"score": attempt.score_percent},
        )
    else:
        messages.error(
            request,
            _("未通过：得分 %(score)d%%，及格线 %(mark)d%%，请再试一次。")
            % {"score": attempt.score_percent, "mark": page.quiz.pass_percent},
        )
    return redirect("learning:lesson", lesson_id=lesson_id)
