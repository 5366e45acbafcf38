"""The staff desk, the rules table, transits, and the reader's own pages. Each
view parses, calls one service or selector, and renders; refusals become messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.catalog.selectors import record_get
from wenlan.circulation import selectors
from wenlan.circulation.forms import (
    BlockForm,
    CardForm,
    CheckinForm,
    CheckoutForm,
    PickupForm,
    PolicyFormSet,
)
from wenlan.circulation.models import Transit
from wenlan.circulation.services import blocks as block_services
from wenlan.circulation.services import history as history_services
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans as loan_services
from wenlan.circulation.services.blocks import PolicyRow
from wenlan.circulation.services.common import reader_desk_open
from wenlan.core.errors import NotFoundError, PermissionDeniedError, WenlanError
from wenlan.network.models import Library
from wenlan.patrons.selectors import reader_for_user

RETURNS_KEPT = 20


# --- the desk ----------------------------------------------------------------


def _desk_library(request: HttpRequest) -> tuple[Library | None, list[Library]]:
    """The desk's library: chosen with ?library=CODE, remembered in the session."""
    libraries = selectors.desk_libraries(actor=request.user)
    if not libraries:
        raise PermissionDeniedError()
    by_code = {lib.code: lib for lib in libraries}
    code = request.GET.get("library") or request.session.get("desk_library")
    library = by_code.get(code) if code else None
    if library is None and len(libraries) == 1:
        library = libraries[0]
    if library is not None:
        request.session["desk_library"] = library.code
    return library, libraries


def _desk_url(library: Library, card: str = "") -> str:
    url = reverse("circulation:desk") + f"?library={library.code}"
    return url + (f"&card={card}" if card else "")


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    library, libraries = _desk_library(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    card = (request.POST.get("card") or request.GET.get("card") or "").strip()
    summary, card_error = None, ""
    if card:
        try:
            reader = reader_desk_open(actor=request.user, library_id=library.pk, card_number=card)
        except NotFoundError as error:
            card_error = str(error)
        else:
            summary = selectors.reader_summary(reader=reader)
    if request.method == "POST":
        _desk_action(request, library=library, card=card)
        return redirect(_desk_url(library, card if summary else ""))
    return render(
        request,
        "circulation/desk.html",
        {
            "library": library,
            "libraries": libraries,
            "card_form": CardForm(initial={"card": card}),
            "checkout_form": CheckoutForm(initial={"card": card}) if summary else None,
            "checkin_form": CheckinForm(),
            "block_form": BlockForm(),
            "summary": summary,
            "card_error": card_error,
            "returns": request.session.get("desk_returns", []),
        },
    )


def _remember_return(request: HttpRequest, result) -> None:
    transit = result.route.transit if result.route else None
    entry = {
        "barcode": result.item.barcode,
        "title": result.item.record.title,
        "outcome": result.outcome,
        "message": result.message,
        "transit_id": transit.pk if transit else None,
    }
    request.session["desk_returns"] = [entry, *request.session.get("desk_returns", [])][
        :RETURNS_KEPT
    ]


def _desk_action(request: HttpRequest, *, library: Library, card: str) -> None:
    action = request.POST.get("action", "")
    data = request.POST
    try:
        if action == "checkout":
            form = CheckoutForm(data)
            if form.is_valid():
                result = loan_services.loan_checkout(
                    actor=request.user,
                    library_id=library.pk,
                    barcode=form.cleaned_data["barcode"],
                    card_number=card,
                )
                messages.success(
                    request,
                    _("已借出《%(title)s》，应还日期 %(due)s。")
                    % {"title": result.item.record.title, "due": result.loan.due_on},
                )
        elif action == "checkin":
            form = CheckinForm(data)
            if form.is_valid():
                result = loan_services.loan_checkin(
                    actor=request.user,
                    library_id=library.pk,
                    barcode=form.cleaned_data["barcode"],
                )
                _remember_return(request, result)
        elif action == "renew":
            loan = loan_services.loan_renew(
                actor=request.user, loan_id=int(data["loan_id"]), library_id=library.pk
            )
            messages.success(request, _("已续借，新的应还日期 %(due)s。") % {"due": loan.due_on})
        elif action == "lost":
            loan_services.loan_mark_lost(
                actor=request.user, library_id=library.pk, barcode=data["barcode"]
            )
            messages.success(request, _("已登记遗失。"))
        elif action == "damaged":
            loan_services.item_mark_damaged(
                actor=request.user, library_id=library.pk, barcode=data["barcode"]
            )
            messages.success(request, _("已登记损坏，单册转入加工。"))
        elif action == "block_add":
            form = BlockForm(data)
            if form.is_valid():
                block_services.block_add(
                    actor=request.user,
                    library_id=library.pk,
                    reader_id=int(data["reader_id"]),
                    reason=form.cleaned_data["reason"],
                    until=form.cleaned_data["until"],
                )
                messages.success(request, _("已设置借阅限制。"))
            else:
                messages.error(request, _("请填写限制原因。"))
        elif action == "block_clear":
            block_services.block_clear(
                actor=request.user, library_id=library.pk, block_id=int(data["block_id"])
            )
            messages.success(request, _("已解除限制。"))
        elif action == "hold_cancel":
            hold_services.hold_cancel(
                actor=request.user,
                hold_id=int(data["hold_id"]),
                library_id=library.pk,
                channel="desk",
            )
            messages.success(request, _("预约已取消。"))
        elif action == "fine_settle":
            block_services.fine_settle(
                actor=request.user, library_id=library.pk, fine_id=int(data["fine_id"])
            )
            messages.success(request, _("已结清。"))
    except (KeyError, ValueError):
        messages.error(request, _("请求不完整。"))
    except WenlanError as error:
        messages.error(request, str(error))


@login_required
def transit_list(request: HttpRequest) -> HttpResponse:
    library, libraries = _desk_library(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    return render(
        request,
        "circulation/transit_list.html",
        {
            "library": library,
            "incoming": list(selectors.transit_list(actor=request.user, library_id=library.pk)),
            "outgoing": list(
                selectors.transit_list(actor=request.user, library_id=library.pk, incoming=False)
            ),
        },
    )


@login_required
def transit_slip(request: HttpRequest, transit_id: int) -> HttpResponse:
    transit = get_object_or_404(
        Transit.objects.select_related(
            "item__record", "from_library", "to_library", "hold__reader"
        ),
        pk=transit_id,
    )
    scope = library_scope(request.user, Perm.CIRCULATION_DESK)
    if scope is not None and not {transit.from_library_id, transit.to_library_id} & scope:
        raise PermissionDeniedError()
    return render(request, "circulation/transit_slip.html", {"transit": transit})


# --- the rules table ----------------------------------------------------------


def _policy_rows(formset) -> list[PolicyRow]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        data = form.cleaned_data
        rows.append(
            PolicyRow(
                id=data.get("id"),
                library_id=data.get("library"),
                reader_category=data["reader_category"],
                item_type=data["item_type"],
                loanable=data["loanable"],
                loan_days=data["loan_days"],
                max_loans=data["max_loans"],
                renewals=data["renewals"],
                holds_allowed=data["holds_allowed"],
                hold_shelf_days=data["hold_shelf_days"],
                max_overdue=data["max_overdue"],
                overdue_rule=data["overdue_rule"],
                fine_per_day=data["fine_per_day"],
                fine_cap=data["fine_cap"],
                suspension_days_per_day=data["suspension_days_per_day"],
                delete=bool(data.get("DELETE")),
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def policy_table(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.POLICY_CHANGE)
    scope = library_scope(request.user, Perm.POLICY_CHANGE)
    libraries = Library.objects.order_by("code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    libraries = list(libraries)
    policies = list(selectors.policy_table())
    initial = [
        {
            "id": p.pk,
            "library": p.library_id,
            "reader_category": p.reader_category,
            "item_type": p.item_type,
            "loanable": p.loanable,
            "loan_days": p.loan_days,
            "max_loans": p.max_loans,
            "renewals": p.renewals,
            "holds_allowed": p.holds_allowed,
            "hold_shelf_days": p.hold_shelf_days,
            "max_overdue": p.max_overdue,
            "overdue_rule": p.overdue_rule,
            "fine_per_day": p.fine_per_day,
            "fine_cap": p.fine_cap,
            "suspension_days_per_day": p.suspension_days_per_day,
        }
        for p in policies
    ]
    kwargs = {"form_kwargs": {"libraries": libraries}, "initial": initial, "prefix": "p"}
    formset = PolicyFormSet(request.POST or None, **kwargs)
    if request.method == "POST" and formset.is_valid():
        try:
            block_services.policy_table_save(actor=request.user, rows=_policy_rows(formset))
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("流通规则已保存。"))
            return redirect("circulation:policy_table")
    return render(request, "circulation/policy_table.html", {"formset": formset})


# --- the reader's own pages -----------------------------------------------------


def _own_reader(request: HttpRequest):
    reader = reader_for_user(user=request.user)
    if reader is None:
        raise NotFoundError(_("此账号没有关联的读者卡。"))
    return reader


@login_required
def my_loans(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    summary = selectors.reader_summary(reader=reader)
    return render(request, "circulation/my_loans.html", {"summary": summary})


@login_required
@require_POST
def my_loan_renew(request: HttpRequest, loan_id: int) -> HttpResponse:
    try:
        loan = loan_services.loan_renew(actor=request.user, loan_id=loan_id, channel="web")
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("续借成功，新的应还日期 %(due)s。") % {"due": loan.due_on})
    return redirect("circulation:my_loans")


@login_required
def my_holds(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    holds = list(selectors.hold_list_for_reader(reader_id=reader.pk))
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
    choices = selectors.pickup_choices(reader=reader, latitude=lat, longitude=lon)
    nearest = (
        selectors.nearest_open_library(latitude=lat, longitude=lon, choices=choices)
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
            hold_services.hold_place(
                actor=request.user,
                reader_id=reader.pk,
                record_id=record.pk,
                pickup_library_id=form.cleaned_data["pickup_library"],
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("预约成功，到书后会通知您。"))
            return redirect("circulation:my_holds")
    return render(
        request,
        "circulation/hold_place.html",
        {"record": record, "form": form, "nearest": nearest},
    )


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
    entries = list(selectors.reading_history(reader_id=reader.pk)[:500])
    return render(request, "circulation/my_history.html", {"reader": reader, "entries": entries})
