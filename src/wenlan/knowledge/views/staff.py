"""Staff pages (Perm.KNOWLEDGE_EDIT): the list of articles with the stale ones
flagged, creating and editing an article, unpublishing and publishing again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, WenlanError
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.forms import ArticleForm, StaffFilterForm
from wenlan.knowledge.selectors import articles as selectors
from wenlan.knowledge.services import articles as services


@login_required
def staff_article_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.KNOWLEDGE_EDIT)
    topics = list(selectors.topic_list())
    form = StaffFilterForm(request.GET or None, topics=topics)
    data = form.cleaned_data if form.is_valid() else {}
    articles = list(
        selectors.article_list_staff(
            topic=data.get("topic", ""), stale_only=bool(data.get("stale"))
        )
    )
    return render(
        request,
        "knowledge/staff_list.html",
        {"form": form, "articles": articles, "today": clock.today()},
    )


def _save(request: HttpRequest, form: ArticleForm, *, article=None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        if article is None:
            saved = services.article_create(
                request.user, content=form.content(origin=_("工作人员编写"))
            )
        else:
            form.cleaned_data["slug"] = article.slug
            saved = services.article_update(
                request.user,
                content=form.content(origin=article.origin, is_published=article.is_published),
            )
    except WenlanError as error:
        form.add_error(getattr(error, "field", None) or None, str(error))
        return None
    messages.success(request, _("文章已保存。"))
    return redirect("knowledge:staff_article_edit", slug=saved.slug)


@login_required
def staff_article_new(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.KNOWLEDGE_EDIT)
    form = ArticleForm(request.POST or None, topics=selectors.topic_list())
    return _save(request, form) or render(
        request, "knowledge/staff_edit.html", {"form": form, "article": None}
    )


@login_required
def staff_article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    ensure_can(request.user, Perm.KNOWLEDGE_EDIT)
    article = selectors.article_get(slug=slug)
    if article is None:
        raise NotFoundError()
    if article.kind == ArticleKind.LIBRARY:
        return render(request, "knowledge/staff_generated.html", {"article": article})
    form = ArticleForm(
        request.POST or None,
        topics=selectors.topic_list(),
        editing=True,
        initial=ArticleForm.initial_from(selectors.article_content(article)),
    )
    return _save(request, form, article=article) or render(
        request, "knowledge/staff_edit.html", {"form": form, "article": article}
    )


@login_required
@require_POST
def staff_article_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    services.article_set_published(request.user, slug=slug, published=False)
    messages.success(request, _("文章已撤下，读者和咨询机器人不再看到它。"))
    return redirect("knowledge:staff_article_edit", slug=slug)


@login_required
@require_POST
def staff_article_publish(request: HttpRequest, slug: str) -> HttpResponse:
    services.article_set_published(request.user, slug=slug, published=True)
    messages.success(request, _("文章已重新发布。"))
    return redirect("knowledge:staff_article_edit", slug=slug)
