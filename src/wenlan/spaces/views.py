import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.patrons.selectors import reader_of
from wenlan.spaces.selectors import (
    booking_get_own,
    bookings_for_checkin,
    resource_days,
    resource_get_public,
    resource_list_public,
)
from wenlan.spaces.services import booking_cancel, booking_check_in, booking_create


def resource_list(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/resource_list.html", {"resources": list(resource_list_public())})


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = resource_get_public(slug=slug)
    return render(
        request,
        "spaces/resource_detail.html",
        {
            "resource": resource,
            "days": resource_days(resource=resource, actor=request.user),
            "is_reader": reader_of(request.user) is not None,
        },
    )


@login_required
@require_POST
def resource_book(request: HttpRequest, slug: str) -> HttpResponse:
    resource = resource_get_public(slug=slug)
    try:
        starts_at = dt.datetime.fromisoformat(request.POST.get("starts_at", ""))
    except ValueError:
        messages.error(request, _("该时段不可预约。"))
        return redirect("spaces:resource_detail", resource.slug)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    try:
        booking = booking_create(actor=request.user, resource_id=resource.pk, starts_at=starts_at)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已预约 %(name)s：%(when)s。")
            % {
                "name": resource.name,
                "when": timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return redirect("spaces:resource_detail", resource.slug)


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel_view(request: HttpRequest, booking_id: int) -> HttpResponse:
    """GET asks the reader to confirm; only the POST from that page cancels."""
    if request.method == "GET":
        booking = booking_get_own(actor=request.user, booking_id=booking_id)
        return render(request, "spaces/booking_cancel_confirm.html", {"booking": booking})
    try:
        booking_cancel(actor=request.user, booking_id=booking_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已取消预约。"))
    return redirect("portal:my_bookings")


@login_required
def staff_bookings(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.EVENT_CHECKIN)
    if request.method == "POST" and request.POST.get("booking", "").isdigit():
        try:
            booking_check_in(actor=request.user, booking_id=int(request.POST["booking"]))
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已签到。"))
        return redirect("spaces:staff_bookings")
    return render(
        request,
        "spaces/staff_bookings.html",
        {"bookings": bookings_for_checkin(actor=request.user, day=clock.today())},
    )
