"""Reference librarians' pages (desktop): the queue by tab, a question's page
(assign, notes, answer with sources, refer, close, reopen), one URL and one small
view per action; and the partner librarians' page of the referrals sent to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, WenlanError
from wenlan.knowledge.selectors.articles import topic_list
from wenlan.reference.enums import QuestionCategory
from wenlan.reference.forms import (
    AnswerForm,
    FaqPublishForm,
    NoteForm,
    ReferForm,
    ReferralAnswerForm,
    SourceFormSet,
)
from wenlan.reference.permissions import ensure_answer
from wenlan.reference.selectors import staff as selectors
from wenlan.reference.services import questions as services
from wenlan.reference.services import referrals as referral_services
from wenlan.reference.services.faq import question_publish_faq
from wenlan.reference.views.reader import form_error

TAB_LABELS = {
    "new": gettext_lazy("待受理"),
    "mine": gettext_lazy("我的"),
    "referred": gettext_lazy("已转介"),
    "overdue": gettext_lazy("已超期"),
    "answered": gettext_lazy("已答复"),
    "closed": gettext_lazy("已关闭"),
}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Tabs by state, a category filter, 50 questions a page."""
    ensure_answer(request.user)
    tab = request.GET.get("tab", "new")
    tab = tab if tab in selectors.QUEUE_TABS else "new"
    category = request.GET.get("category", "")
    category = category if category in QuestionCategory.values else ""
    counts = selectors.queue_counts(actor=request.user, category=category)
    rows = selectors.question_queue(actor=request.user, tab=tab, category=category)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    overdue_referrals = (
        list(selectors.referral_overdue(actor=request.user, category=category)[:200])
        if tab == "overdue"
        else []
    )
    return render(
        request,
        "reference/staff/queue.html",
        {
            "tab": tab,
            "tabs": [(key, str(TAB_LABELS[key]), counts[key]) for key in selectors.QUEUE_TABS],
            "category": category,
            "categories": QuestionCategory.choices,
            "page": page,
            "questions": list(page.object_list),
            "query": urlencode({"tab": tab, "category": category}),
            "overdue_referrals": overdue_referrals,
            "now": clock.now(),
        },
    )


def _question_page(request: HttpRequest, question_id: int, **forms) -> HttpResponse:
    detail = selectors.question_detail(actor=request.user, question_id=question_id)
    question = detail.question
    initial_sources = [
        {"title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
        for s in detail.sources
    ]
    lead = services.can_lead(request.user)
    context = {
        "detail": detail,
        "question": question,
        "now": clock.now(),
        "me": acting_user(request.user),
        "lead": lead,
        "librarians": selectors.librarian_list(actor=request.user) if lead else [],
        "note_form": forms.get("note_form") or NoteForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": question.answer}),
        "source_formset": forms.get("source_formset")
        or SourceFormSet(prefix="sources", initial=initial_sources),
        "refer_form": forms.get("refer_form") or ReferForm(partners=selectors.alliance_partners()),
        "referral_form": forms.get("referral_form") or ReferralAnswerForm(),
        "can_publish": can(request.user, Perm.KNOWLEDGE_EDIT),
        "faq_form": forms.get("faq_form") or _faq_form(question),
    }
    context.update(forms)
    return render(request, "reference/staff/question.html", context)


def _faq_form(question, data=None) -> FaqPublishForm:
    """Filled with the question and answer in the language they were written in,
    for the librarian to rewrite without anything personal."""
    english = question.language == "en"
    initial = {
        "question_en" if english else "question_zh": question.text[:200],
        "answer_en" if english else "answer_zh": question.answer,
    }
    return FaqPublishForm(data, initial=initial, topics=list(topic_list()))


@login_required
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    return _question_page(request, question_id)


def _back(question_id: int) -> HttpResponse:
    return redirect("reference:question_detail", question_id=question_id)


@login_required
@require_POST
def question_assign(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)  # a refusal is a 403, not a message
    assignee = request.POST.get("assignee", "")
    try:
        services.question_assign(
            actor=request.user,
            question_id=question_id,
            assignee_id=int(assignee) if assignee.isdigit() else None,
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已受理。"))
    return _back(question_id)


@login_required
@require_POST
def question_note_add(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.question_note_add(
                actor=request.user, question_id=question_id, text=form.cleaned_data["text"]
            )
        except WenlanError as error:
            form_error(form, error)
        else:
            return _back(question_id)
    return _question_page(request, question_id, note_form=form)


@login_required
@require_POST
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)
    form = AnswerForm(request.POST)
    formset = SourceFormSet(request.POST, prefix="sources")
    if form.is_valid() and formset.is_valid():
        sources = [services.SourceIn(**row) for row in formset.cleaned_data if row]
        try:
            services.question_answer(
                actor=request.user,
                question_id=question_id,
                answer=form.cleaned_data["answer"],
                sources=sources,
            )
        except WenlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已答复，并已通知读者。"))
            return _back(question_id)
    return _question_page(request, question_id, answer_form=form, source_formset=formset)


@login_required
@require_POST
def question_refer(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)
    form = ReferForm(request.POST, partners=selectors.alliance_partners())
    if form.is_valid():
        try:
            referral = referral_services.question_refer(
                actor=request.user,
                question_id=question_id,
                partner_id=form.cleaned_data["partner"],
                note=form.cleaned_data["note"],
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("已转介给%(partner)s。") % {"partner": referral.partner.name_zh}
            )
            return _back(question_id)
    return _question_page(request, question_id, refer_form=form)


@login_required
@require_POST
def question_close(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)
    try:
        services.question_close(actor=request.user, question_id=question_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已关闭。"))
    return _back(question_id)


@login_required
@require_POST
def question_reopen(request: HttpRequest, question_id: int) -> HttpResponse:
    ensure_answer(request.user)
    try:
        services.question_reopen(
            actor=request.user, question_id=question_id, reason=request.POST.get("reason", "")
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已重新打开。"))
    return _back(question_id)


def _ensure_referral_answerer(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        ensure_answer(request.user)
    if not (can(request.user, Perm.REFERENCE_PARTNER) or can(request.user, Perm.REFERENCE_ANSWER)):
        raise PermissionDeniedError()


@login_required
@require_POST
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    """A partner's librarian answers a referral to their partner, or a reference
    librarian records what the partner said (from the question's page)."""
    _ensure_referral_answerer(request)
    form = ReferralAnswerForm(request.POST)
    referral = None
    if form.is_valid():
        try:
            referral = referral_services.referral_answer(
                actor=request.user,
                referral_id=referral_id,
                answer=form.cleaned_data["answer"],
                declined=form.cleaned_data["declined"],
            )
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已记录合作馆的答复。"))
    else:
        messages.error(request, _("请检查填写的内容。"))
    if request.POST.get("from") == "question" and referral is not None:
        return _back(referral.question_id)
    if request.POST.get("from") == "question" and request.POST.get("question", "").isdigit():
        return _back(int(request.POST["question"]))
    return redirect(reverse("reference:partner_referrals"))


@login_required
def partner_referrals(request: HttpRequest) -> HttpResponse:
    """The referrals sent to the actor's partner library: open ones to answer."""
    ensure_can(request.user, Perm.REFERENCE_PARTNER)
    status = request.GET.get("status", "sent")
    rows = selectors.referral_list_for_partner(actor=request.user, status=status)
    return render(
        request,
        "reference/staff/partner_referrals.html",
        {"status": status, "referrals": list(rows[:300]), "now": clock.now()},
    )


@login_required
@require_POST
def question_faq_publish(request: HttpRequest, question_id: int) -> HttpResponse:
    """Publishes the cleaned-up question and answer as a FAQ entry."""
    ensure_answer(request.user)
    ensure_can(request.user, Perm.KNOWLEDGE_EDIT)
    detail = selectors.question_detail(actor=request.user, question_id=question_id)
    form = _faq_form(detail.question, request.POST)
    if form.is_valid():
        try:
            article = question_publish_faq(
                actor=request.user, question_id=question_id, **form.cleaned_data
            )
        except WenlanError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("已发布为常见问题：%(url)s") % {"url": article.get_absolute_url()},
            )
            return _back(question_id)
    return _question_page(request, question_id, faq_form=form)
