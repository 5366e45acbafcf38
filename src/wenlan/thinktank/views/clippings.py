"""The editors' pages: the think-tank desk (alerts, bulletins in progress), clipping
search and entry, topics and follows, feed subscriptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import WenlanError
from wenlan.thinktank import selectors
from wenlan.thinktank.enums import BulletinStatus
from wenlan.thinktank.forms import (
    AttachmentForm,
    ClippingFilterForm,
    ClippingForm,
    FeedForm,
    TopicForm,
)
from wenlan.thinktank.permissions import can_review, ensure_editor
from wenlan.thinktank.services import clippings as services
from wenlan.thinktank.services import feeds as feed_services
from wenlan.thinktank.services import fetching


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    alerts = selectors.alert_list(actor=request.user, limit=50)
    open_statuses = [s for s in BulletinStatus.values if s != BulletinStatus.ISSUED]
    bulletins = [
        b for b in selectors.bulletin_list(actor=request.user)[:200] if b.status in open_statuses
    ]
    return render(
        request,
        "thinktank/desk.html",
        {
            "alerts": alerts,
            "unseen": sum(1 for a in alerts if a.seen_at is None),
            "bulletins": bulletins,
            "can_review": can_review(request.user),
        },
    )


@login_required
@require_POST
def alerts_seen(request: HttpRequest) -> HttpResponse:
    services.alerts_mark_seen(actor=request.user)
    return redirect("thinktank:desk")


@login_required
def clipping_list(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = ClippingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ClippingFilters(
        q=data.get("q", ""),
        topic_id=data["topic"].pk if data.get("topic") else None,
        kind=data.get("kind", ""),
        source=data.get("source", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    clippings = list(selectors.clipping_search(actor=request.user, filters=filters)[:200])
    bulletins = (
        list(selectors.bulletin_search(actor=request.user, q=filters.q)[:50]) if (filters.q) else []
    )
    return render(
        request,
        "thinktank/clipping_list.html",
        {"form": form, "clippings": clippings, "bulletins": bulletins, "q": filters.q},
    )


@login_required
@require_http_methods(["GET", "POST"])
def clipping_new(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = ClippingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        try:
            clipping = services.clipping_create(
                actor=request.user,
                data=services.ClippingIn(**data, topic_ids=[t.pk for t in topics]),
            )
        except WenlanError as error:
            form.add_error(
                getattr(error, "field", None)
                if getattr(error, "field", None) in form.fields
                else None,
                str(error),
            )
        else:
            messages.success(request, _("剪报已保存。"))
            return redirect("thinktank:clipping_detail", clipping.pk)
    return render(request, "thinktank/clipping_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def clipping_detail(request: HttpRequest, clipping_id: int) -> HttpResponse:
    clipping = selectors.clipping_get(actor=request.user, clipping_id=clipping_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clipping_attach(
                actor=request.user, clipping_id=clipping.pk, upload=form.cleaned_data["file"]
            )
        except WenlanError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("附件已上传。"))
            return redirect("thinktank:clipping_detail", clipping.pk)
    return render(request, "thinktank/clipping_detail.html", {"clipping": clipping, "form": form})


@login_required
def attachment_download(request: HttpRequest, clipping_id: int, attachment_id: int):
    clipping = selectors.clipping_get(actor=request.user, clipping_id=clipping_id)
    attachment = next((a for a in clipping.attachments.all() if a.pk == attachment_id), None)
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404()
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_create(actor=request.user, **form.cleaned_data)
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("专题已创建。"))
            return redirect("thinktank:topic_list")
    return render(
        request,
        "thinktank/topic_list.html",
        {"form": form, "topics": selectors.topic_list(actor=request.user)},
    )


@login_required
@require_POST
def topic_follow(request: HttpRequest, topic_id: int) -> HttpResponse:
    services.topic_follow(
        actor=request.user, topic_id=topic_id, follow=request.POST.get("follow") == "1"
    )
    return redirect("thinktank:topic_list")


@login_required
@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topic = data.pop("topic")
        try:
            feed_services.feed_subscribe(
                actor=request.user, topic_id=topic.pk if topic else None, **data
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已订阅。"))
            return redirect("thinktank:feed_list")
    return render(
        request,
        "thinktank/feed_list.html",
        {"form": form, "feeds": selectors.feed_list(actor=request.user)},
    )


@login_required
@require_POST
def feed_fetch(request: HttpRequest) -> HttpResponse:
    fetching.feeds_fetch_request(actor=request.user)
    messages.success(request, _("已安排读取全部订阅源，稍后刷新本页查看结果。"))
    return redirect("thinktank:feed_list")
