"""A partner bookstore's till (悦读): the clerk scans the reader's card and the new
book, enters its price and lends it; takes 悦读 copies back; lists the store's loans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError, WenlanError
from wenlan.o2o.forms import TillForm, TillReturnForm
from wenlan.o2o.policies import period_parse, period_start
from wenlan.o2o.selectors import bookstore as selectors
from wenlan.o2o.services.bookstore import TillSale, bookstore_loan_create, bookstore_loan_return

if TYPE_CHECKING:
    from wenlan.o2o.models import Bookstore

TILL_KEPT = 10


def till_store_chosen(request: HttpRequest) -> tuple[Bookstore | None, list[Bookstore]]:
    """The till's store: the clerk's one store, or the one chosen with ?store=CODE
    (remembered in the session), None when one must be chosen; and the stores the
    user works a till at."""
    ensure_can(request.user, Perm.O2O_TILL)
    scope = library_scope(request.user, Perm.O2O_TILL)
    stores = [
        store
        for store in selectors.bookstores_visible(actor=request.user)
        if scope is None or store.library_id in scope
    ]
    if not stores:
        raise PermissionDeniedError()
    by_code = {store.library.code: store for store in stores}
    code = request.GET.get("store") or request.session.get("till_store")
    store = by_code.get(code) if code else None
    if store is None and len(stores) == 1:
        store = stores[0]
    if store is not None:
        request.session["till_store"] = store.library.code
    return store, stores


def _till_page(request, store, stores, *, form=None, return_form=None, refusal="", status=200):
    return render(
        request,
        "o2o/till.html",
        {
            "store": store,
            "stores": stores,
            "form": form or TillForm(),
            "return_form": return_form or TillReturnForm(),
            "refusal": refusal,
            "recent": request.session.get("till_recent", []),
        },
        status=status,
    )


def _choose(request, stores):
    return render(request, "o2o/till_choose.html", {"stores": stores})


@login_required
def till(request: HttpRequest) -> HttpResponse:
    store, stores = till_store_chosen(request)
    if store is None:
        return _choose(request, stores)
    return _till_page(request, store, stores)


def _remember(request: HttpRequest, entry: dict) -> None:
    request.session["till_recent"] = [entry, *request.session.get("till_recent", [])][:TILL_KEPT]


@login_required
@require_POST
def till_lend(request: HttpRequest) -> HttpResponse:
    store, stores = till_store_chosen(request)
    if store is None:
        return _choose(request, stores)
    form = TillForm(request.POST)
    if not form.is_valid():
        return _till_page(request, store, stores, form=form, status=422)
    data = form.cleaned_data
    try:
        result = bookstore_loan_create(
            actor=request.user,
            store_id=store.library_id,
            sale=TillSale(
                card=data["card"],
                isbn=data["isbn"],
                price=data["price"],
                title=data["title"],
                author=data["author"],
                publisher=data["publisher"],
                year=data["year"],
                barcode=data["barcode"],
            ),
        )
    except ValidationError as error:
        if error.field in form.fields:
            form.add_error(error.field, str(error))
        return _till_page(request, store, stores, form=form, refusal=str(error), status=422)
    except WenlanError as error:
        return _till_page(request, store, stores, form=form, refusal=str(error), status=409)
    line = result.line
    _remember(
        request,
        {
            "title": line.title,
            "card": line.reader.card_display,
            "barcode": line.item.barcode,
            "due_on": result.loan.due_on.isoformat(),
            "price": str(line.price),
            "repeated": not result.created,
        },
    )
    if result.created:
        messages.success(
            request,
            _("已借出《%(title)s》，应还日期 %(due)s。请在书上贴条码 %(barcode)s。")
            % {"title": line.title, "due": result.loan.due_on, "barcode": line.item.barcode},
        )
    else:
        messages.warning(
            request,
            _("重复扫描：《%(title)s》今天已借给该读者，未再次借出。") % {"title": line.title},
        )
    return redirect(reverse("o2o:till") + f"?store={store.library.code}")


@login_required
@require_POST
def till_return(request: HttpRequest) -> HttpResponse:
    store, stores = till_store_chosen(request)
    if store is None:
        return _choose(request, stores)
    form = TillReturnForm(request.POST)
    if not form.is_valid():
        return _till_page(request, store, stores, return_form=form, status=422)
    try:
        result = bookstore_loan_return(
            actor=request.user, store_id=store.library_id, barcode=form.cleaned_data["barcode"]
        )
    except WenlanError as error:
        form.add_error("barcode", str(error))
        return _till_page(request, store, stores, return_form=form, status=409)
    messages.success(
        request,
        _("《%(title)s》已归还。%(message)s")
        % {"title": result.item.record.title, "message": result.message},
    )
    return redirect(reverse("o2o:till") + f"?store={store.library.code}")


def store_chosen(request: HttpRequest) -> tuple[Bookstore | None, list[Bookstore]]:
    """For the loans list and the statements: a store the user works at or manages,
    by ?store=CODE, or their only one."""
    stores = selectors.bookstores_visible(actor=request.user)
    if not stores:
        raise PermissionDeniedError()
    code = request.GET.get("store", "")
    store = next((s for s in stores if s.library.code == code), None)
    if store is None and len(stores) == 1:
        store = stores[0]
    return store, stores


@login_required
def store_loans(request: HttpRequest) -> HttpResponse:
    """The store's 悦读 loans of a month (this month unless ?period=2026-11)."""
    store, stores = store_chosen(request)
    period = period_parse(request.GET.get("period", "")) or period_start(clock.today())
    lines = list(selectors.bookstore_loan_list(store=store, period=period)[:500]) if store else []
    return render(
        request,
        "o2o/store_loans.html",
        {"store": store, "stores": stores, "period": period, "lines": lines},
    )
