"""悦购 pages: the reader suggests a purchase on their phone (the catalog is asked
first, so a book already held is offered for a hold instead); acquisitions staff
work the queue (new, accepted and on order, declined, received), decline with a
reason, receive the ordered copy, and print or export the order list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core import clock
from wenlan.core.errors import ValidationError, WenlanError
from wenlan.o2o.enums import SuggestionStatus
from wenlan.o2o.errors import AlreadyHeldError, NoReaderCardError
from wenlan.o2o.exports import order_list_workbook
from wenlan.o2o.forms import SuggestionForm, SuggestionReceiveForm
from wenlan.o2o.permissions import ensure_acquisitions
from wenlan.o2o.selectors import suggestions as selectors
from wenlan.o2o.services import suggestions as services
from wenlan.patrons.selectors import reader_of


@login_required
@require_http_methods(["GET", "POST"])
def my_suggestions(request: HttpRequest) -> HttpResponse:
    """GET with ?isbn= or ?title=: what the catalog holds, above the form; POST suggests."""
    reader = reader_of(request.user)
    if reader is None:
        raise NoReaderCardError()
    data = request.POST if request.method == "POST" else request.GET
    form = SuggestionForm(data if ("isbn" in data or "title" in data) else None)
    check = None
    if form.is_valid():
        check = selectors.catalog_check(
            isbn=form.cleaned_data["isbn"], title=form.cleaned_data["title"]
        )
        if request.method == "POST":
            try:
                services.suggestion_create(
                    actor=request.user,
                    suggestion=services.SuggestionIn(**form.cleaned_data),
                )
            except AlreadyHeldError:
                pass  # the page shows the record and its hold button
            except WenlanError as error:
                form.add_error(getattr(error, "field", None), str(error))
            else:
                messages.success(request, _("已收到您的荐购，处理结果会通知您。"))
                return redirect("o2o:my_suggestions")
    return render(
        request,
        "o2o/suggestions/mine.html",
        {
            "form": form,
            "check": check,
            "suggestions": list(selectors.suggestion_list_for_reader(reader_id=reader.pk)[:100]),
        },
    )


def _status(request: HttpRequest) -> str:
    status = request.GET.get("status", SuggestionStatus.NEW)
    return status if status in SuggestionStatus.values else SuggestionStatus.NEW


@login_required
def suggestion_queue(request: HttpRequest) -> HttpResponse:
    status = _status(request)
    counts = selectors.suggestion_counts(actor=request.user)
    rows = selectors.suggestion_queue(actor=request.user, status=status)
    return render(
        request,
        "o2o/suggestions/queue.html",
        {
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in SuggestionStatus.choices],
            "suggestions": list(rows[:500]),
        },
    )


def _back(request: HttpRequest, status: str) -> HttpResponse:
    return redirect(reverse("o2o:suggestion_queue") + f"?status={status}")


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    ensure_acquisitions(request.user)  # a refusal is a 403, not a message
    try:
        found = services.suggestion_accept(actor=request.user, suggestion_id=suggestion_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("《%(title)s》已列入订购单。") % {"title": found.title})
    return _back(request, SuggestionStatus.NEW)


@login_required
@require_POST
def suggestion_decline(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    ensure_acquisitions(request.user)  # a refusal is a 403, not a message
    try:
        found = services.suggestion_decline(
            actor=request.user, suggestion_id=suggestion_id, reason=request.POST.get("reason", "")
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("《%(title)s》未采纳，已通知读者。") % {"title": found.title})
    return _back(request, _status(request))


@login_required
@require_POST
def suggestion_receive(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    ensure_acquisitions(request.user)  # a refusal is a 403, not a message
    form = SuggestionReceiveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请扫描或输入新书的条码。"))
        received = services.suggestion_receive(
            actor=request.user, suggestion_id=suggestion_id, **form.cleaned_data
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        title = received.suggestion.title
        if received.hold_refusal:
            messages.warning(
                request,
                _("《%(title)s》已入藏，但未能为读者预约：%(reason)s")
                % {"title": title, "reason": received.hold_refusal},
            )
        else:
            messages.success(
                request, _("《%(title)s》已入藏，并已为荐购读者预约。") % {"title": title}
            )
    return _back(request, SuggestionStatus.ACCEPTED)


@login_required
def suggestion_orders(request: HttpRequest) -> HttpResponse:
    """The order list, printable (the page prints as it is)."""
    lines = selectors.suggestion_order_list(actor=request.user)
    return render(request, "o2o/suggestions/orders.html", {"lines": lines, "today": clock.today()})


@login_required
def suggestion_orders_export(request: HttpRequest) -> HttpResponse:
    lines = selectors.suggestion_order_list(actor=request.user)
    response = HttpResponse(
        order_list_workbook(lines),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="yuegou-orders-{clock.today().isoformat()}.xlsx"'
    )
    return response
