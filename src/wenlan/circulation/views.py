"""The staff desk, the rules table, transits, and the reader's own pages. Each
view parses, calls one service or selector, and renders; refusals become messages."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.catalog.selectors.records import record_get
from wenlan.circulation.forms import (
    BlockForm,
    CardForm,
    CheckinForm,
    CheckoutForm,
    PickupForm,
    PolicyFormSet,
    PullTrapForm,
)
from wenlan.circulation.models import Transit
from wenlan.circulation.selectors import desk as desk_selectors
from wenlan.circulation.selectors import holds as hold_selectors
from wenlan.circulation.selectors import readers as reader_selectors
from wenlan.circulation.selectors import rules as rule_selectors
from wenlan.circulation.services import blocks as block_services
from wenlan.circulation.services import history as history_services
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans as loan_services
from wenlan.circulation.services import pulls as pull_services
from wenlan.circulation.services.blocks import PolicyRow
from wenlan.core.errors import NotFoundError, PermissionDeniedError, WenlanError
from wenlan.network.selectors import library_list_by_code
from wenlan.patrons.selectors import reader_for_user

if TYPE_CHECKING:
    from wenlan.network.models import Library

RETURNS_KEPT = 20


# --- the desk ----------------------------------------------------------------


def _desk_library(request: HttpRequest) -> tuple[Library | None, list[Library]]:
    """The desk's library: chosen with ?library=CODE, remembered in the session."""
    libraries = desk_selectors.desk_libraries(actor=request.user)
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


def _desk_url(library: Library, card: str = "", scan: str = "") -> str:
    params = {"library": library.code, "card": card, "scan": scan}
    return reverse("circulation:desk") + "?" + urlencode({k: v for k, v in params.items() if v})


def _desk_focus(request: HttpRequest, *, has_reader: bool) -> str:
    """The one field the cursor starts in: where the last scan was made (a return
    after a return, the next book after a loan), else the card field."""
    if request.GET.get("scan") == "return":
        return "return"
    return "lend" if has_reader else "card"


def mask_card(card_number: str) -> str:
    """A card number on a receipt: the first two and last four characters."""
    if len(card_number) <= 6:
        return "*" * len(card_number)
    return card_number[:2] + "*" * (len(card_number) - 6) + card_number[-4:]


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    library, libraries = _desk_library(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    card = request.GET.get("card", "").strip()
    summary, card_error = None, ""
    if card:
        try:
            reader = reader_selectors.reader_desk_open(
                actor=request.user, library_id=library.pk, card_number=card
            )
        except NotFoundError as error:
            card_error = str(error)
        else:
            summary = reader_selectors.reader_summary(reader=reader)
    focus = _desk_focus(request, has_reader=summary is not None)
    lent = [e for e in request.session.get("desk_loans", []) if summary and e["card"] == card]
    return render(
        request,
        "circulation/desk.html",
        {
            "library": library,
            "libraries": libraries,
            "card_form": CardForm(initial={"card": card}, focus=focus == "card"),
            "checkout_form": CheckoutForm(initial={"card": card}, focus=focus == "lend")
            if summary
            else None,
            "checkin_form": CheckinForm(focus=focus == "return"),
            "block_form": BlockForm(auto_id="block-%s"),
            "summary": summary,
            "card_error": card_error,
            "returns": request.session.get("desk_returns", []),
            "lent": lent,
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
        "card": result.loan.reader.card_number if result.loan else "",
        "returned_at": timezone.localtime(result.loan.returned_at).strftime("%Y-%m-%d %H:%M")
        if result.loan
        else "",
        "due_on": result.loan.due_on.isoformat() if result.loan else "",
    }
    request.session["desk_returns"] = [entry, *request.session.get("desk_returns", [])][
        :RETURNS_KEPT
    ]


def _remember_loan(request: HttpRequest, result) -> None:
    entry = {
        "card": result.reader.card_number,
        "barcode": result.item.barcode,
        "title": result.item.record.title,
        "loaned_at": timezone.localtime(result.loan.loaned_at).strftime("%Y-%m-%d %H:%M"),
        "due_on": result.loan.due_on.isoformat(),
    }
    request.session["desk_loans"] = [entry, *request.session.get("desk_loans", [])][:RETURNS_KEPT]


@login_required
def desk_receipt(request: HttpRequest, kind: str) -> HttpResponse:
    """A printable receipt of this desk's latest loans or returns for one card."""
    library, libraries = _desk_library(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    ensure_can(request.user, Perm.CIRCULATION_DESK, library_id=library.pk)
    if kind not in ("loans", "returns"):
        raise NotFoundError()
    card = request.GET.get("card", "").strip()
    key = "desk_loans" if kind == "loans" else "desk_returns"
    entries = [e for e in request.session.get(key, []) if card and e.get("card") == card]
    if not entries:
        raise NotFoundError(_("这张读者证在本服务台没有可打印的记录。"))
    return render(
        request,
        "circulation/receipt.html",
        {
            "library": library,
            "kind": kind,
            "card": mask_card(card),
            "entries": entries,
            "printed_at": timezone.localtime(),
        },
    )


def _desk_post(*, scan: str = ""):
    """A desk POST view does one thing. A refusal becomes a message, and the desk
    opens again on the same card with the cursor where the next scan goes (`scan`)."""

    def decorate(handler):
        @login_required
        @require_POST
        @functools.wraps(handler)
        def view(request: HttpRequest, **kwargs) -> HttpResponse:
            library, _libraries = _desk_library(request)
            if library is None:
                return redirect("circulation:desk")
            card = request.POST.get("card", "").strip()
            try:
                handler(request, library=library, card=card, **kwargs)
            except (KeyError, ValueError):
                messages.error(request, _("请求不完整。"))
            except WenlanError as error:
                messages.error(request, str(error))
            return redirect(_desk_url(library, card, scan))

        return view

    return decorate


@_desk_post()
def desk_checkout(request: HttpRequest, *, library: Library, card: str) -> None:
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请扫描图书条码。"))
        return
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
    _remember_loan(request, result)


@_desk_post(scan="return")
def desk_checkin(request: HttpRequest, *, library: Library, card: str) -> None:
    form = CheckinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请扫描图书条码。"))
        return
    result = loan_services.loan_checkin(
        actor=request.user, library_id=library.pk, barcode=form.cleaned_data["barcode"]
    )
    _remember_return(request, result)


@_desk_post()
def desk_renew(request: HttpRequest, *, library: Library, card: str, loan_id: int) -> None:
    loan = loan_services.loan_renew(actor=request.user, loan_id=loan_id, library_id=library.pk)
    messages.success(request, _("已续借，新的应还日期 %(due)s。") % {"due": loan.due_on})


@_desk_post()
def desk_lost(request: HttpRequest, *, library: Library, card: str) -> None:
    loan_services.loan_mark_lost(
        actor=request.user, library_id=library.pk, barcode=request.POST["barcode"]
    )
    messages.success(request, _("已登记遗失。"))


@_desk_post()
def desk_damaged(request: HttpRequest, *, library: Library, card: str) -> None:
    loan_services.item_mark_damaged(
        actor=request.user, library_id=library.pk, barcode=request.POST["barcode"]
    )
    messages.success(request, _("已登记损坏，单册转入加工。"))


@_desk_post()
def desk_block_add(request: HttpRequest, *, library: Library, card: str, reader_id: int) -> None:
    form = BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写限制原因。"))
        return
    block_services.block_add(
        actor=request.user,
        library_id=library.pk,
        reader_id=reader_id,
        reason=form.cleaned_data["reason"],
        until=form.cleaned_data["until"],
    )
    messages.success(request, _("已设置借阅限制。"))


@_desk_post()
def desk_block_clear(request: HttpRequest, *, library: Library, card: str, block_id: int) -> None:
    block_services.block_clear(actor=request.user, library_id=library.pk, block_id=block_id)
    messages.success(request, _("已解除限制。"))


@_desk_post()
def desk_hold_cancel(request: HttpRequest, *, library: Library, card: str, hold_id: int) -> None:
    hold_services.hold_cancel(
        actor=request.user, hold_id=hold_id, library_id=library.pk, channel="desk"
    )
    messages.success(request, _("预约已取消。"))


@_desk_post()
def desk_fine_settle(request: HttpRequest, *, library: Library, card: str, fine_id: int) -> None:
    block_services.fine_settle(actor=request.user, library_id=library.pk, fine_id=fine_id)
    messages.success(request, _("已结清。"))


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
            "incoming": list(
                desk_selectors.transit_list(actor=request.user, library_id=library.pk)
            ),
            "outgoing": list(
                desk_selectors.transit_list(
                    actor=request.user, library_id=library.pk, incoming=False
                )
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


# --- the pull list ----------------------------------------------------------------


def _pull_url(library: Library) -> str:
    return reverse("circulation:pull_list") + f"?library={library.code}"


@login_required
def pull_list(request: HttpRequest) -> HttpResponse:
    library, libraries = _desk_library(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    ensure_can(request.user, Perm.CIRCULATION_DESK, library_id=library.pk)
    return render(
        request,
        "circulation/pull_list.html",
        {
            "library": library,
            "lines": hold_selectors.pull_list(actor=request.user, library_id=library.pk),
            "trap_form": PullTrapForm(),
            "trapped": request.session.get("pull_trapped", []),
        },
    )


@login_required
@require_POST
def pull_trap(request: HttpRequest) -> HttpResponse:
    library, _libraries = _desk_library(request)
    if library is None:
        return redirect("circulation:pull_list")
    form = PullTrapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请扫描图书条码。"))
        return redirect(_pull_url(library))
    try:
        result = pull_services.pull_trap(
            actor=request.user, library_id=library.pk, barcode=form.cleaned_data["barcode"]
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        transit = result.route.transit
        entry = {
            "barcode": result.item.barcode,
            "title": result.item.record.title,
            "outcome": result.route.outcome,
            "message": result.message,
            "transit_id": transit.pk if transit else None,
        }
        request.session["pull_trapped"] = [entry, *request.session.get("pull_trapped", [])][
            :RETURNS_KEPT
        ]
    return redirect(_pull_url(library))


@login_required
@require_POST
def pull_missing(request: HttpRequest, item_id: int) -> HttpResponse:
    library, _libraries = _desk_library(request)
    if library is None:
        return redirect("circulation:pull_list")
    try:
        item = pull_services.pull_missing(
            actor=request.user, library_id=library.pk, item_id=item_id
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已将 %(barcode)s 标记为架上未找到，预约转由下一家有书的图书馆提取。")
            % {"barcode": item.barcode},
        )
    return redirect(_pull_url(library))


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
                renewal_base=data["renewal_base"],
                delete=bool(data.get("DELETE")),
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def policy_table(request: HttpRequest) -> HttpResponse:
    """The rules a user may change are a form; the others (another library's, or
    the network's for a branch librarian) are shown as they are, read-only."""
    ensure_can(request.user, Perm.POLICY_CHANGE)
    scope = library_scope(request.user, Perm.POLICY_CHANGE)
    libraries = list(library_list_by_code(scope=scope))
    policies = list(rule_selectors.policy_table())
    editable = [p for p in policies if scope is None or p.library_id in scope]
    read_only = [p for p in policies if p not in editable]
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
            "renewal_base": p.renewal_base,
            "holds_allowed": p.holds_allowed,
            "hold_shelf_days": p.hold_shelf_days,
            "max_overdue": p.max_overdue,
            "overdue_rule": p.overdue_rule,
            "fine_per_day": p.fine_per_day,
            "fine_cap": p.fine_cap,
            "suspension_days_per_day": p.suspension_days_per_day,
        }
        for p in editable
    ]
    kwargs = {
        "form_kwargs": {"libraries": libraries, "network": scope is None},
        "initial": initial,
        "prefix": "p",
    }
    formset = PolicyFormSet(request.POST or None, **kwargs)
    if request.method == "POST" and formset.is_valid():
        try:
            block_services.policy_table_save(actor=request.user, rows=_policy_rows(formset))
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("流通规则已保存。"))
            return redirect("circulation:policy_table")
    return render(
        request,
        "circulation/policy_table.html",
        {"formset": formset, "read_only": read_only, "can_edit": bool(libraries) or scope is None},
    )


# --- the reader's own pages -----------------------------------------------------


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
    result = loan_services.loans_renew_all(actor=request.user, reader_id=reader.pk, channel="web")
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
        loan = loan_services.loan_renew(actor=request.user, loan_id=loan_id, channel="web")
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
    hold = hold_selectors.hold_list_for_reader(reader_id=reader.pk).filter(pk=hold_id).first()
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
