"""Staff pages for courses (the central library's `Perm.LEARNING_MANAGE`):
providers, courses, lessons with their uploads, reading lists and quizzes."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.learning.forms import (
    CartridgeForm,
    CourseForm,
    LessonForm,
    ProviderForm,
    QuestionForm,
    QuizForm,
    ReadingItemForm,
)
from wenlan.learning.permissions import ensure_can_manage_courses
from wenlan.learning.selectors.courses import (
    course_get_for_staff,
    course_list_for_staff,
    lesson_get_for_staff,
    lesson_page,
    provider_list,
)
from wenlan.learning.services import courses
from wenlan.learning.services.cartridge import cartridge_import
from wenlan.network.selectors import partner_list


def _add_error(form, error: WenlanError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can_manage_courses(request.user)


@require_http_methods(["GET", "POST"])
def course_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "learning/staff/course_list.html",
        {
            "courses": course_list_for_staff(actor=request.user),
            "providers": provider_list(),
            "cartridge_form": CartridgeForm(providers=provider_list()),
        },
    )


@require_POST
def cartridge_upload(request: HttpRequest) -> HttpResponse:
    """Import a Common Cartridge; the page lists what was imported and what not."""
    _staff(request)
    form = CartridgeForm(request.POST, request.FILES, providers=provider_list())
    report = None
    if form.is_valid():
        upload = form.cleaned_data["package"]
        if upload.size > settings.WENLAN_LEARNING_CARTRIDGE_MAX_MB * 1024 * 1024:
            form.add_error("package", _("课程包过大。"))
        else:
            try:
                report = cartridge_import(
                    actor=request.user,
                    source=upload,
                    provider_id=int(form.cleaned_data["provider"]),
                )
            except WenlanError as error:
                _add_error(form, error)
    return render(
        request,
        "learning/staff/cartridge_report.html",
        {"form": form, "report": report},
        status=200 if report else 422,
    )


@require_http_methods(["GET", "POST"])
def provider_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = ProviderForm(request.POST or None, partners=partner_list())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            courses.provider_create(
                actor=request.user,
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                kind=data["kind"],
                partner_id=int(data["partner"]) if data["partner"] else None,
            )
            messages.success(request, _("已添加课程提供方。"))
            return redirect("learning:staff_courses")
        except WenlanError as error:
            _add_error(form, error)
    return render(request, "learning/staff/form.html", {"form": form, "title": _("添加课程提供方")})


def _course_fields(data) -> courses.CourseFields:
    return courses.CourseFields(
        provider_id=int(data["provider"]),
        title_zh=data["title_zh"],
        title_en=data["title_en"],
        summary_zh=data["summary_zh"],
        summary_en=data["summary_en"],
        format=data["format"],
        status=data["status"],
        attendance_percent=data["attendance_percent"],
    )


@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = CourseForm(request.POST or None, providers=provider_list())
    if request.method == "POST" and form.is_valid():
        try:
            course = courses.course_save(
                actor=request.user, fields=_course_fields(form.cleaned_data)
            )
            return redirect("learning:staff_course", course_id=course.pk)
        except WenlanError as error:
            _add_error(form, error)
    return render(request, "learning/staff/form.html", {"form": form, "title": _("新建课程")})


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_get_for_staff(actor=request.user, course_id=course_id)
    initial = {
        "provider": course.provider_id,
        "title_zh": course.title_zh,
        "title_en": course.title_en,
        "summary_zh": course.summary_zh,
        "summary_en": course.summary_en,
        "format": course.format,
        "status": course.status,
        "attendance_percent": course.attendance_percent,
    }
    form = CourseForm(request.POST or None, initial=initial, providers=provider_list())
    if request.method == "POST" and form.is_valid():
        try:
            courses.course_save(
                actor=request.user, fields=_course_fields(form.cleaned_data), course_id=course.pk
            )
            messages.success(request, _("课程已保存。"))
            return redirect("learning:staff_course", course_id=course.pk)
        except WenlanError as error:
            _add_error(form, error)
    return render(
        request,
        "learning/staff/course_edit.html",
        {
            "course": course,
            "form": form,
            "lessons": list(course.lessons.all()),
            "reading": list(course.reading_list.all()),
            "reading_form": ReadingItemForm(),
        },
    )


def _lesson_fields(data) -> courses.LessonFields:
    return courses.LessonFields(
        kind=data["kind"],
        position=data["position"],
        title_zh=data["title_zh"],
        title_en=data["title_en"],
        body_zh=data["body_zh"],
        body_en=data["body_en"],
        url=data["url"],
    )


def _uploads(files) -> courses.LessonUploads:
    return courses.LessonUploads(
        video=files.get("video"),
        captions_zh=files.get("captions_zh"),
        captions_en=files.get("captions_en"),
        file=files.get("file"),
    )


@require_http_methods(["GET", "POST"])
def lesson_new(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_get_for_staff(actor=request.user, course_id=course_id)
    position = max((lesson.position for lesson in course.lessons.all()), default=0) + 1
    form = LessonForm(request.POST or None, request.FILES or None, initial={"position": position})
    if request.method == "POST" and form.is_valid():
        try:
            lesson = courses.lesson_save(
                actor=request.user,
                course_id=course.pk,
                fields=_lesson_fields(form.cleaned_data),
                uploads=_uploads(request.FILES),
            )
            messages.success(request, _("课时已保存。"))
            return redirect("learning:staff_lesson", lesson_id=lesson.pk)
        except WenlanError as error:
            _add_error(form, error)
    return render(
        request,
        "learning/staff/form.html",
        {"form": form, "title": _("添加课时"), "multipart": True, "course": course},
    )


@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_get_for_staff(actor=request.user, lesson_id=lesson_id)
    initial = {
        name: getattr(lesson, name)
        for name in ("kind", "position", "title_zh", "title_en", "body_zh", "body_en", "url")
    }
    form = LessonForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            courses.lesson_save(
                actor=request.user,
                course_id=lesson.course_id,
                fields=_lesson_fields(form.cleaned_data),
                uploads=_uploads(request.FILES),
                lesson_id=lesson.pk,
            )
            messages.success(request, _("课时已保存。"))
            return redirect("learning:staff_lesson", lesson_id=lesson.pk)
        except WenlanError as error:
            _add_error(form, error)
    page = lesson_page(lesson_id=lesson.pk, published_only=False)
    quiz = page.quiz
    return render(
        request,
        "learning/staff/lesson_edit.html",
        {
            "lesson": lesson,
            "form": form,
            "quiz": quiz,
            "quiz_form": QuizForm(
                initial={
                    "pass_percent": quiz.pass_percent if quiz else 60,
                    "max_attempts": quiz.max_attempts if quiz else 3,
                }
            ),
            "question_form": QuestionForm(),
        },
    )


@require_POST
def lesson_delete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_get_for_staff(actor=request.user, lesson_id=lesson_id)
    courses.lesson_delete(actor=request.user, lesson_id=lesson.pk)
    messages.success(request, _("课时已删除。"))
    return redirect("learning:staff_course", course_id=lesson.course_id)


@require_POST
def quiz_save(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_get_for_staff(actor=request.user, lesson_id=lesson_id)
    form = QuizForm(request.POST)
    if form.is_valid():
        courses.quiz_save(actor=request.user, lesson_id=lesson.pk, **form.cleaned_data)
        messages.success(request, _("测验设置已保存。"))
    else:
        messages.error(request, _("及格线须在 1 到 100 之间，尝试次数在 0 到 100 之间。"))
    return redirect("learning:staff_lesson", lesson_id=lesson.pk)


@require_POST
def question_add(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = lesson_get_for_staff(actor=request.user, lesson_id=lesson_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            courses.question_add(
                actor=request.user,
                lesson_id=lesson.pk,
                text_zh=form.cleaned_data["text_zh"],
                text_en=form.cleaned_data["text_en"],
                multiple=form.cleaned_data["multiple"],
                choices=[
                    courses.ChoiceFields(text_zh=zh, text_en=en, correct=correct)
                    for zh, en, correct in form.choice_lines()
                ],
            )
            messages.success(request, _("题目已添加。"))
        except WenlanError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("请填写题干和选项。"))
    return redirect("learning:staff_lesson", lesson_id=lesson.pk)


@require_POST
def question_delete(request: HttpRequest, lesson_id: int, question_id: int) -> HttpResponse:
    lesson = lesson_get_for_staff(actor=request.user, lesson_id=lesson_id)
    courses.question_delete(actor=request.user, question_id=question_id)
    return redirect("learning:staff_lesson", lesson_id=lesson.pk)


@require_POST
def reading_add(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_get_for_staff(actor=request.user, course_id=course_id)
    form = ReadingItemForm(request.POST)
    if form.is_valid():
        try:
            courses.reading_item_add(
                actor=request.user,
                course_id=course.pk,
                record_id=form.cleaned_data["record"],
                note_zh=form.cleaned_data["note_zh"],
                note_en=form.cleaned_data["note_en"],
            )
            messages.success(request, _("已加入推荐书目。"))
        except WenlanError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("请填写书目编号。"))
    return redirect("learning:staff_course", course_id=course.pk)


@require_POST
def reading_remove(request: HttpRequest, course_id: int, item_id: int) -> HttpResponse:
    course = course_get_for_staff(actor=request.user, course_id=course_id)
    courses.reading_item_remove(actor=request.user, item_id=item_id)
    return redirect("learning:staff_course", course_id=course.pk)
