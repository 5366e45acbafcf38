"""The reader's own pages: loans and renewals, holds (placing one with a pickup
library, cancelling), reading history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.catalog.selectors.records import record_get
from wenlan.circulation.forms import PickupForm
from wenlan.circulation.selectors import holds as hold_selectors
from wenlan.circulation.selectors import readers as reader_selectors
from wenlan.circulation.services import history as history_services
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import renewals as renewal_services
from wenlan.core.errors import NotFoundError, WenlanError
from wenlan.patrons.selectors import reader_for_user


def _own_reader(request: HttpRequest):
    reader = reader_for_user(user=request.user)
    if reader is None:
        raise NotFoundError(_("此账号没有关联的读者卡。"))
    return reader


@login_required
def my_loans(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    summary = reader_selectors.reader_summary(reader=reader)
    renewals = {
        row.loan.pk: row
        for row in reader_selectors.loan_renewals_for_reader(reader=reader, loans=summary.loans)
    }
    for loan in summary.loans:
        loan.renewal = renewals.get(loan.pk)
    return render(request, "circulation/my_loans.html", {"summary": summary})


@login_required
@require_POST
def my_loans_renew_all(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    result = renewal_services.loans_renew_all(
        actor=request.user, reader_id=reader.pk, channel="web"
    )
    for loan in result.renewed:
        messages.success(
            request,
            _("《%(title)s》已续借，新的应还日期 %(due)s。")
            % {"title": loan.record.title, "due": loan.due_on.isoformat()},
        )
    for loan, reason in result.refused:
        messages.error(
            request,
            _("《%(title)s》未续借：%(reason)s") % {"title": loan.record.title, "reason": reason},
        )
    return redirect("circulation:my_loans")


@login_required
@require_POST
def my_loan_renew(request: HttpRequest, loan_id: int) -> HttpResponse:
    try:
        loan = renewal_services.loan_renew(actor=request.user, loan_id=loan_id, channel="web")
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("续借成功，新的应还日期 %(due)s。") % {"due": loan.due_on.isoformat()}
        )
    return redirect("circulation:my_loans")


@login_required
def my_holds(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    holds = list(hold_selectors.hold_list_for_reader(reader_id=reader.pk))
    return render(request, "circulation/my_holds.html", {"holds": holds})


@login_required
@require_POST
def my_hold_cancel(request: HttpRequest, hold_id: int) -> HttpResponse:
    try:
        hold_services.hold_cancel(actor=request.user, hold_id=hold_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("预约已取消。"))
    return redirect("circulation:my_holds")


def _point(request: HttpRequest) -> tuple[float | None, float | None]:
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


@login_required
@require_http_methods(["GET", "POST"])
def my_hold_place(request: HttpRequest, record_id: int) -> HttpResponse:
    reader = _own_reader(request)
    record = record_get(record_id=record_id)
    lat, lon = _point(request)
    choices = hold_selectors.pickup_choices(reader=reader, latitude=lat, longitude=lon)
    nearest = (
        hold_selectors.nearest_open_library(latitude=lat, longitude=lon, choices=choices)
        if lat is not None
        else None
    )
    labels = []
    for choice in choices:
        label = choice.library.name
        if choice.distance_km is not None:
            label += " · " + _("%(km).1f 公里") % {"km": choice.distance_km}
        if choice.library.pk == reader.home_library_id:
            label += " · " + _("我的注册馆")
        labels.append((choice.library.pk, label))
    initial = nearest.library.pk if nearest else reader.home_library_id
    form = PickupForm(request.POST or None, choices=labels, initial={"pickup_library": initial})
    if request.method == "POST" and form.is_valid():
        try:
            hold = hold_services.hold_place(
                actor=request.user,
                reader_id=reader.pk,
                record_id=record.pk,
                pickup_library_id=form.cleaned_data["pickup_library"],
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("预约成功，到书后会通知您。"))
            return redirect("circulation:my_hold_placed", hold_id=hold.pk)
    return render(
        request,
        "circulation/hold_place.html",
        {"record": record, "form": form, "nearest": nearest},
    )


@login_required
def my_hold_placed(request: HttpRequest, hold_id: int) -> HttpResponse:
    """The confirmation after placing a hold: what, where, and the place in the queue."""
    reader = _own_reader(request)
    hold = hold_selectors.hold_get_for_reader(reader_id=reader.pk, hold_id=hold_id)
    if hold is None:
        raise NotFoundError()
    return render(request, "circulation/hold_placed.html", {"hold": hold})


@login_required
@require_http_methods(["GET", "POST"])
def my_history(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    if request.method == "POST":
        entry = request.POST.get("entry")
        deleted = history_services.reading_history_delete(
            actor=request.user, entry_id=int(entry) if entry and entry.isdigit() else None
        )
        messages.success(request, _("已删除 %(n)s 条借阅历史。") % {"n": deleted})
        return redirect("circulation:my_history")
    entries = list(reader_selectors.reading_history(reader_id=reader.pk)[:500])
    return render(request, "circulation/my_history.html", {"reader": reader, "entries": entries})
