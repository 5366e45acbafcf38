"""The staff desk: a reader's card, lending, returns, renewals, blocks and fines
(one POST view per action), receipts, and the copies in transit."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.circulation.forms import BlockForm, CardForm, CheckinForm, CheckoutForm
from wenlan.circulation.selectors import desk as desk_selectors
from wenlan.circulation.selectors import readers as reader_selectors
from wenlan.circulation.services import blocks as block_services
from wenlan.circulation.services import holds as hold_services
from wenlan.circulation.services import loans as loan_services
from wenlan.circulation.services import renewals as renewal_services
from wenlan.core.errors import NotFoundError, PermissionDeniedError, WenlanError
from wenlan.patrons.errors import EcardRefusedError

if TYPE_CHECKING:
    from wenlan.network.models import Library


RETURNS_KEPT = 20


def desk_library_chosen(request: HttpRequest) -> tuple[Library | None, list[Library]]:
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
    library, libraries = desk_library_chosen(request)
    if library is None:
        return render(request, "circulation/desk_choose.html", {"libraries": libraries})
    card = request.GET.get("card", "").strip()
    summary, card_error = None, ""
    if card:
        try:
            reader = reader_selectors.reader_desk_open(
                actor=request.user, library_id=library.pk, card_number=card
            )
        except WenlanError as error:  # unknown card; e-card expired, forged, card suspended
            card_error = str(error)
            if isinstance(error, EcardRefusedError):
                card = ""  # the reader shows a new code: it is scanned into an empty field
        else:
            if reader.card_number != card:
                # An e-card: the desk goes on with the card number, which outlives
                # the QR code's minute (and keeps the code out of addresses).
                return redirect(_desk_url(library, reader.card_number))
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
    library, libraries = desk_library_chosen(request)
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
            library, _libraries = desk_library_chosen(request)
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
    loan = renewal_services.loan_renew(actor=request.user, loan_id=loan_id, library_id=library.pk)
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
    library, libraries = desk_library_chosen(request)
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
    transit = desk_selectors.transit_get(actor=request.user, transit_id=transit_id)
    return render(request, "circulation/transit_slip.html", {"transit": transit})
