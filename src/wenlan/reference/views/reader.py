"""The reader's pages (phone-first): ask a librarian (signed in or as a visitor
with an e-mail address), the reader's questions and one with its answer and
sources, and a visitor's private link page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import WenlanError
from wenlan.patrons.selectors import reader_of
from wenlan.reference.enums import QuestionChannel
from wenlan.reference.errors import NoReaderCardError
from wenlan.reference.forms import AskForm, ReopenForm
from wenlan.reference.selectors import questions as selectors
from wenlan.reference.services import questions as services


def form_error(form, error: WenlanError) -> None:
    """A domain error on the form: at its field when the form has that field."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    signed_in = reader_of(request.user) is not None
    form = AskForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(
                request.user, channel=QuestionChannel.WEB, **form.cleaned_data
            )
        except WenlanError as error:
            form_error(form, error)
        else:
            if signed_in:
                messages.success(request, _("已收到您的咨询，馆员答复后会通知您。"))
            else:
                messages.success(
                    request,
                    _(
                        "已收到您的咨询。请收藏本页：这是您查看答复的专用链接，我们也已发到您的邮箱。"
                    ),
                )
            return redirect(question.get_absolute_url())
    return render(request, "reference/ask.html", {"form": form, "signed_in": signed_in})


def _reader(request: HttpRequest):
    reader = reader_of(request.user)
    if reader is None:
        raise NoReaderCardError()
    return reader


@login_required
def my_questions(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    rows = selectors.question_list_for_reader(reader_id=reader.pk)
    return render(request, "reference/my_questions.html", {"questions": list(rows[:200])})


@login_required
def my_question(request: HttpRequest, question_id: int) -> HttpResponse:
    reader = _reader(request)
    question = selectors.question_for_reader(reader_id=reader.pk, question_id=question_id)
    return render(
        request, "reference/question_reader.html", {"question": question, "reopen": ReopenForm()}
    )


def question_private(request: HttpRequest, token: str) -> HttpResponse:
    """A visitor's question by its unguessable link: no account, so no sign-in."""
    question = selectors.question_by_token(token=token)
    response = render(
        request,
        "reference/question_reader.html",
        {
            "question": question,
            "private_link": request.build_absolute_uri(),
            "reopen": ReopenForm(),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def my_question_reopen(request: HttpRequest, question_id: int) -> HttpResponse:
    """The reader says the answer does not help: back to the librarian."""
    _reader(request)
    form = ReopenForm(request.POST)
    try:
        services.question_reopen(
            actor=request.user,
            question_id=question_id,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已告诉馆员，馆员会继续为您解答。"))
    return redirect("reference:my_question", question_id=question_id)


@require_POST
def question_private_reopen(request: HttpRequest, token: str) -> HttpResponse:
    question = selectors.question_by_token(token=token)
    form = ReopenForm(request.POST)
    try:
        services.question_reopen(
            actor=request.user,
            question_id=question.pk,
            token=token,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已告诉馆员，馆员会继续为您解答。"))
    return redirect("reference:question_private", token=token)
