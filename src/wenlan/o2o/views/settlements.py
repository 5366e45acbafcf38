"""Monthly 悦读 statements: the list, one store's statement, acceptance by the
library and by the store (one view each), and the Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.core.errors import NotFoundError, PermissionDeniedError
from wenlan.o2o.enums import SettlementSide
from wenlan.o2o.errors import SettlementRefusedError
from wenlan.o2o.exports import statement_workbook
from wenlan.o2o.models import Bookstore
from wenlan.o2o.permissions import can_manage, can_till, store_scope
from wenlan.o2o.policies import period_parse
from wenlan.o2o.selectors import bookstore as selectors
from wenlan.o2o.services.settlements import settlement_accept


@login_required
def settlement_list(request: HttpRequest) -> HttpResponse:
    stores = selectors.bookstores_visible(actor=request.user)
    if not stores:
        raise PermissionDeniedError()
    return render(
        request,
        "o2o/settlements.html",
        {"summaries": selectors.statement_list(stores=stores)},
    )


def _store_and_period(request: HttpRequest, bookstore_id: int, period: str):
    if store_scope(request.user) == set():
        raise PermissionDeniedError()
    month = period_parse(period)
    visible = {s.pk: s for s in selectors.bookstores_visible(actor=request.user)}
    store: Bookstore | None = visible.get(bookstore_id)
    if month is None or store is None:
        raise NotFoundError()
    return store, month


@login_required
def statement(request: HttpRequest, bookstore_id: int, period: str) -> HttpResponse:
    store, month = _store_and_period(request, bookstore_id, period)
    found = selectors.statement_get(store=store, period=month)
    settlement = found.settlement
    return render(
        request,
        "o2o/statement.html",
        {
            "statement": found,
            "can_accept_library": can_manage(request.user, store_id=store.library_id)
            and not (settlement and settlement.library_accepted_at),
            "can_accept_store": can_till(request.user, store_id=store.library_id)
            and not (settlement and settlement.store_accepted_at),
        },
    )


def _accept(request, bookstore_id: int, period: str, side: SettlementSide) -> HttpResponse:
    store, month = _store_and_period(request, bookstore_id, period)
    try:
        settlement_accept(actor=request.user, store_id=store.library_id, period=month, side=side)
    except SettlementRefusedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已确认 %(period)s 月结单。") % {"period": period})
    return redirect("o2o:statement", bookstore_id=store.pk, period=period)


@login_required
@require_POST
def settlement_accept_library(request: HttpRequest, bookstore_id: int, period: str):
    return _accept(request, bookstore_id, period, SettlementSide.LIBRARY)


@login_required
@require_POST
def settlement_accept_store(request: HttpRequest, bookstore_id: int, period: str):
    return _accept(request, bookstore_id, period, SettlementSide.STORE)


@login_required
def statement_export(request: HttpRequest, bookstore_id: int, period: str) -> HttpResponse:
    store, month = _store_and_period(request, bookstore_id, period)
    found = selectors.statement_get(store=store, period=month)
    response = HttpResponse(
        statement_workbook(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"yuedu-{store.library.code}-{found.period_label}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
