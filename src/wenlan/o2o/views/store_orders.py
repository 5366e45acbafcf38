"""悦购 at a partner bookstore: readers browse the stores' listings on a phone and
order a title to collect (and pay for) at the store; the store's clerk keeps the
listing and readies, hands over or cancels the orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.core.errors import PermissionDeniedError, WenlanError
from wenlan.o2o.enums import StoreOrderStatus
from wenlan.o2o.errors import NoReaderCardError
from wenlan.o2o.forms import StoreListingForm
from wenlan.o2o.selectors import store_orders as selectors
from wenlan.o2o.services import store_orders as services
from wenlan.o2o.views.till import till_store_chosen
from wenlan.patrons.selectors import reader_of


@login_required
def my_store_orders(request: HttpRequest) -> HttpResponse:
    reader = reader_of(request.user)
    if reader is None:
        raise NoReaderCardError()
    return render(
        request,
        "o2o/suggestions/stores.html",
        {
            "listings": selectors.store_listings_public(),
            "orders": list(selectors.store_order_list_for_reader(reader_id=reader.pk)[:100]),
        },
    )


@login_required
@require_POST
def my_store_order_place(request: HttpRequest, listing_id: int) -> HttpResponse:
    try:
        order = services.store_order_place(actor=request.user, listing_id=listing_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已订购《%(title)s》，书店备好后可到店付款取书。") % {"title": order.title},
        )
    return redirect("o2o:my_store_orders")


@login_required
@require_POST
def my_store_order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    try:
        services.store_order_cancel_own(actor=request.user, order_id=order_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("订单已取消。"))
    return redirect("o2o:my_store_orders")


def _store_page(request: HttpRequest, *, form=None, status: int = 200) -> HttpResponse:
    store, stores = till_store_chosen(request)
    if store is None:
        return render(request, "o2o/till_choose.html", {"stores": stores})
    return render(
        request,
        "o2o/suggestions/store_orders.html",
        {
            "store": store,
            "form": form or StoreListingForm(),
            "orders": list(selectors.store_orders_for_store(store=store)[:300]),
            "listing": list(selectors.store_listing_for_store(store=store)[:500]),
        },
        status=status,
    )


@login_required
def store_orders(request: HttpRequest) -> HttpResponse:
    """The clerk's page: the store's open orders and its listing."""
    return _store_page(request)


@login_required
@require_POST
def store_listing_save(request: HttpRequest) -> HttpResponse:
    store, _stores = till_store_chosen(request)
    if store is None:
        raise PermissionDeniedError()
    form = StoreListingForm(request.POST)
    if form.is_valid():
        try:
            services.store_listing_save(
                actor=request.user,
                store_id=store.library_id,
                listing=services.ListingIn(**form.cleaned_data),
            )
        except WenlanError as error:
            form.add_error(getattr(error, "field", None), str(error))
        else:
            messages.success(request, _("书目已保存。"))
            return redirect("o2o:store_orders")
    return _store_page(request, form=form, status=422)


def _step(request: HttpRequest, order_id: int, to: str, done: str) -> HttpResponse:
    till_store_chosen(request)  # a refusal is a 403, not a message
    try:
        order = services.store_order_step(actor=request.user, order_id=order_id, to=to)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"title": order.title})
    return redirect("o2o:store_orders")


@login_required
@require_POST
def store_order_ready(request: HttpRequest, order_id: int) -> HttpResponse:
    return _step(request, order_id, StoreOrderStatus.READY, _("《%(title)s》可到店取书。"))


@login_required
@require_POST
def store_order_collected(request: HttpRequest, order_id: int) -> HttpResponse:
    return _step(request, order_id, StoreOrderStatus.COLLECTED, _("《%(title)s》已取书。"))


@login_required
@require_POST
def store_order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    return _step(request, order_id, StoreOrderStatus.CANCELLED, _("《%(title)s》订单已取消。"))
