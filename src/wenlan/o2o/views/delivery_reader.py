"""悦借 for the reader, on a phone: the copies of a title on a shelf (from the
record page), a basket kept in the session, the order form, and each order with
every step and its time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.catalog.selectors.records import record_get
from wenlan.core.errors import NotAuthenticatedError, ValidationError, WenlanError
from wenlan.o2o.forms import DeliveryOrderForm
from wenlan.o2o.policies import MAX_COPIES_PER_ORDER_DEFAULT
from wenlan.o2o.selectors import delivery as selectors
from wenlan.o2o.services.delivery import OrderAsk, delivery_order_cancel, delivery_order_place
from wenlan.o2o.services.delivery_parcels import parcel_return_request

BASKET = "delivery_basket"


def _reader_or_refuse(request: HttpRequest):
    reader = selectors.reader_for_order(actor=request.user)
    if reader is None:
        raise NotAuthenticatedError()
    return reader


def _basket(request: HttpRequest) -> list[int]:
    return [int(i) for i in request.session.get(BASKET, [])][:50]


@login_required
def delivery_copies(request: HttpRequest, record_id: int) -> HttpResponse:
    """A title's copies on the shelves of the libraries that deliver."""
    _reader_or_refuse(request)
    record = record_get(record_id=record_id)
    return render(
        request,
        "o2o/delivery_copies.html",
        {
            "record": record,
            "copies": selectors.deliverable_copies(record_id=record.pk),
            "basket": set(_basket(request)),
        },
    )


@login_required
@require_POST
def delivery_basket_add(request: HttpRequest) -> HttpResponse:
    _reader_or_refuse(request)
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError:
        raise ValidationError(field="item") from None
    basket = _basket(request)
    if item_id not in basket:
        request.session[BASKET] = [*basket, item_id]
    return redirect("o2o:delivery_new")


@login_required
@require_POST
def delivery_basket_remove(request: HttpRequest) -> HttpResponse:
    _reader_or_refuse(request)
    item = request.POST.get("item", "")
    request.session[BASKET] = [i for i in _basket(request) if str(i) != item]
    return redirect("o2o:delivery_new")


def _order_page(request, form, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "o2o/delivery_new.html",
        {
            "form": form,
            "items": selectors.delivery_items(item_ids=_basket(request)),
            "error": error,
            "per_order": MAX_COPIES_PER_ORDER_DEFAULT,
        },
        status=status,
    )


def _order_form(data=None, **kwargs) -> DeliveryOrderForm:
    return DeliveryOrderForm(
        data, zones=selectors.delivery_zones(), points=selectors.pickup_points(), **kwargs
    )


@login_required
def delivery_new(request: HttpRequest) -> HttpResponse:
    """The basket and where to send it; placing the order."""
    reader = _reader_or_refuse(request)
    if request.method != "POST":
        return _order_page(request, _order_form(initial={"phone": reader.phone}))
    form = _order_form(request.POST)
    if not form.is_valid():
        return _order_page(request, form, status=422)
    data = form.cleaned_data
    try:
        order = delivery_order_place(
            actor=request.user,
            ask=OrderAsk(
                item_ids=tuple(_basket(request)),
                destination=data["destination"],
                zone_id=data["zone"] or None,
                address=data["address"],
                phone=data["phone"],
                pickup_point_id=data["pickup_point"] or None,
            ),
        )
    except ValidationError as error:
        if error.field in form.fields:
            form.add_error(error.field, str(error))
        return _order_page(request, form, error=str(error), status=422)
    except WenlanError as error:
        return _order_page(request, form, error=str(error), status=409)
    request.session[BASKET] = []
    messages.success(request, _("订单已提交，图书馆拣书后会为您发货。"))
    return redirect("o2o:my_delivery", order_id=order.pk)


@login_required
def my_deliveries(request: HttpRequest) -> HttpResponse:
    reader = _reader_or_refuse(request)
    return render(
        request,
        "o2o/my_deliveries.html",
        {
            "orders": selectors.delivery_order_list_own(actor=request.user),
            "basket_count": len(_basket(request)),
            "balance": selectors.reader_fee_balance(reader_id=reader.pk),
        },
    )


@login_required
def my_delivery(request: HttpRequest, order_id: int) -> HttpResponse:
    _reader_or_refuse(request)
    order = selectors.delivery_order_get_own(actor=request.user, order_id=order_id)
    return render(request, "o2o/my_delivery.html", {"order": order})


@login_required
@require_POST
def delivery_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    try:
        delivery_order_cancel(actor=request.user, order_id=order_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("订单已取消，图书已放回书架。"))
    return redirect("o2o:my_delivery", order_id=order_id)


@login_required
@require_POST
def delivery_return_request(request: HttpRequest, parcel_id: int) -> HttpResponse:
    try:
        parcel = parcel_return_request(actor=request.user, parcel_id=parcel_id)
    except WenlanError as error:
        messages.error(request, str(error))
        return redirect("o2o:my_deliveries")
    messages.success(request, _("已预约快递上门取书，快递员会与您联系。"))
    return redirect("o2o:my_delivery", order_id=parcel.order_id)
