"""悦借 at the library, on a desk's screen: the queue of a library's parcels (late
ones and those not moving first), the printable pick list, a parcel with its
steps, and one POST view per step (each calls one service)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.core.errors import PermissionDeniedError, WenlanError
from wenlan.o2o.enums import ParcelStatus
from wenlan.o2o.forms import (
    BarcodeForm,
    CompartmentForm,
    CourierStatusForm,
    FailForm,
    PackForm,
    PickupCodeForm,
)
from wenlan.o2o.selectors import delivery as selectors
from wenlan.o2o.services.delivery import (
    delivery_fees_settle,
    delivery_line_missing,
    delivery_line_pick,
)
from wenlan.o2o.services.delivery_couriers import parcel_courier_status
from wenlan.o2o.services.delivery_parcels import (
    parcel_deliver,
    parcel_dispatch,
    parcel_fail,
    parcel_locker_collect,
    parcel_locker_store,
    parcel_pack,
    parcel_return_receive,
    parcel_return_uncollected,
)

QUEUE_ORDER = [
    ParcelStatus.PLACED,
    ParcelStatus.PICKING,
    ParcelStatus.PACKED,
    ParcelStatus.DISPATCHED,
    ParcelStatus.AT_LOCKER,
    ParcelStatus.RETURN_REQUESTED,
]


def _library_chosen(request: HttpRequest):
    libraries = selectors.delivery_libraries(actor=request.user)
    if not libraries:
        raise PermissionDeniedError()
    code = request.GET.get("library") or request.session.get("delivery_library")
    library = next((lib for lib in libraries if lib.code == code), libraries[0])
    request.session["delivery_library"] = library.code
    return library, libraries


@login_required
def delivery_queue(request: HttpRequest) -> HttpResponse:
    library, libraries = _library_chosen(request)
    queue = selectors.delivery_queue(actor=request.user, library=library)
    point = selectors.pickup_point_of(library_id=library.pk)
    return render(
        request,
        "o2o/delivery_queue.html",
        {
            "library": library,
            "libraries": libraries,
            "queue": queue,
            "sections": [
                (status, queue.by_status.get(status, []))
                for status in QUEUE_ORDER
                if queue.by_status.get(status)
            ],
            "point": point,
            "code_form": PickupCodeForm(),
        },
    )


@login_required
def pick_list(request: HttpRequest) -> HttpResponse:
    library, _libraries = _library_chosen(request)
    return render(
        request,
        "o2o/pick_list.html",
        {"library": library, "lines": selectors.pick_list(actor=request.user, library=library)},
    )


def _parcel_page(request, parcel, *, status: int = 200, **forms) -> HttpResponse:
    context = {
        "parcel": parcel,
        "pick_form": BarcodeForm(auto_id="pick-%s"),
        "pack_form": PackForm(auto_id="pack-%s"),
        "locker_form": CompartmentForm(auto_id="locker-%s"),
        "fail_form": FailForm(auto_id="fail-%s"),
        "courier_form": CourierStatusForm(auto_id="courier-%s"),
    }
    context.update(forms)
    return render(request, "o2o/parcel.html", context, status=status)


@login_required
def parcel_detail(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _parcel_page(request, selectors.parcel_get(actor=request.user, parcel_id=parcel_id))


def _step(
    request: HttpRequest,
    parcel_id: int,
    *,
    form_class=None,
    form_key: str = "",
    call: Callable,
    done: str,
) -> HttpResponse:
    """Runs one step from a parcel's page: back to the page with the message, or
    the page again with the form and the refusal."""
    parcel = selectors.parcel_get(actor=request.user, parcel_id=parcel_id)
    form = form_class(request.POST, auto_id=f"{form_key}-%s") if form_class else None
    if form is not None and not form.is_valid():
        return _parcel_page(request, parcel, status=422, **{f"{form_key}_form": form})
    try:
        call(form.cleaned_data if form is not None else {})
    except WenlanError as error:
        messages.error(request, str(error))
        if form is not None:
            return _parcel_page(
                request, selectors.parcel_get(actor=request.user, parcel_id=parcel_id),
                status=409, **{f"{form_key}_form": form},
            )  # fmt: skip
        return redirect("o2o:parcel_detail", parcel_id=parcel_id)
    messages.success(request, done)
    return redirect("o2o:parcel_detail", parcel_id=parcel_id)


@login_required
@require_POST
def parcel_pick(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id, form_class=BarcodeForm, form_key="pick",
        call=lambda d: delivery_line_pick(actor=request.user, parcel_id=parcel_id,
                                          barcode=d["barcode"]),
        done=_("已拣。"),
    )  # fmt: skip


@login_required
@require_POST
def line_missing(request: HttpRequest, line_id: int) -> HttpResponse:
    return _step(
        request, selectors.line_parcel_id(line_id=line_id),
        call=lambda d: delivery_line_missing(actor=request.user, line_id=line_id),
        done=_("已登记架上未找到。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_pack_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id, form_class=PackForm, form_key="pack",
        call=lambda d: parcel_pack(actor=request.user, parcel_id=parcel_id, courier=d["courier"],
                                   tracking_number=d["tracking_number"]),
        done=_("已打包。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_dispatch_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id,
        call=lambda d: parcel_dispatch(actor=request.user, parcel_id=parcel_id),
        done=_("已发货。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_deliver_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id,
        call=lambda d: parcel_deliver(actor=request.user, parcel_id=parcel_id),
        done=_("已送达，借阅已开始。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_locker_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id, form_class=CompartmentForm, form_key="locker",
        call=lambda d: parcel_locker_store(actor=request.user, parcel_id=parcel_id,
                                           compartment=d["compartment"]),
        done=_("已存入取书柜，读者已收到取件码。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_fail_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id, form_class=FailForm, form_key="fail",
        call=lambda d: parcel_fail(actor=request.user, parcel_id=parcel_id, reason=d["reason"]),
        done=_("已登记投递失败，图书已放回书架。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_uncollected_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id,
        call=lambda d: parcel_return_uncollected(actor=request.user, parcel_id=parcel_id),
        done=_("已从取书柜取回，图书已放回书架。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_return_receive_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    return _step(
        request, parcel_id,
        call=lambda d: parcel_return_receive(actor=request.user, parcel_id=parcel_id),
        done=_("快递还回的图书已归还。"),
    )  # fmt: skip


@login_required
@require_POST
def parcel_courier_view(request: HttpRequest, parcel_id: int) -> HttpResponse:
    parcel = selectors.parcel_get(actor=request.user, parcel_id=parcel_id)
    return _step(
        request, parcel_id, form_class=CourierStatusForm, form_key="courier",
        call=lambda d: parcel_courier_status(actor=request.user,
                                             tracking_number=parcel.tracking_number,
                                             status=d["status"]),
        done=_("已记录快递状态。"),
    )  # fmt: skip


@login_required
@require_POST
def locker_collect(request: HttpRequest, point_id: int) -> HttpResponse:
    """At a pickup point: the reader's pickup code hands the parcel over."""
    selectors.pickup_point_get(actor=request.user, point_id=point_id)
    form = PickupCodeForm(request.POST)
    back = reverse("o2o:delivery_queue")
    if not form.is_valid():
        messages.error(request, _("请输入取件码。"))
        return redirect(back)
    try:
        parcel = parcel_locker_collect(
            actor=request.user, pickup_point_id=point_id, code=form.cleaned_data["code"]
        )
    except WenlanError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, _("取件成功，借阅已开始。"))
    return redirect("o2o:parcel_detail", parcel_id=parcel.pk)


def _desk_library(request: HttpRequest):
    """The desk's library, by ?library=CODE among those whose parcels the user works."""
    library, _libraries = _library_chosen(request)
    return library


@login_required
def delivery_fees(request: HttpRequest) -> HttpResponse:
    """The cashier's view of a reader's delivery-fee ledger (?card=)."""
    library = _desk_library(request)
    card = request.GET.get("card", "")
    reader, entries = selectors.unsettled_fees(actor=request.user, library_id=library.pk, card=card)
    return render(
        request,
        "o2o/delivery_fees.html",
        {
            "library": library,
            "card": card,
            "reader": reader,
            "entries": entries,
            "total": sum(entry.amount for entry in entries),
        },
    )


@login_required
@require_POST
def delivery_fees_settle_view(request: HttpRequest, reader_id: int) -> HttpResponse:
    library = _desk_library(request)
    try:
        total = delivery_fees_settle(actor=request.user, library_id=library.pk, reader_id=reader_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已结清配送费 %(amount)s 元。") % {"amount": total})
    return redirect(reverse("o2o:delivery_fees") + f"?library={library.code}")
