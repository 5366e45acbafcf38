"""The pull list: the holds a library fills from its shelves, a fetched copy
scanned, a copy not found."""

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
from wenlan.accounts.permissions import ensure_can
from wenlan.circulation.forms import PullTrapForm
from wenlan.circulation.selectors import holds as hold_selectors
from wenlan.circulation.services import pulls as pull_services
from wenlan.circulation.views.desk import RETURNS_KEPT, desk_library_chosen
from wenlan.core.errors import WenlanError

if TYPE_CHECKING:
    from wenlan.network.models import Library


def _pull_url(library: Library) -> str:
    return reverse("circulation:pull_list") + f"?library={library.code}"


@login_required
def pull_list(request: HttpRequest) -> HttpResponse:
    library, libraries = desk_library_chosen(request)
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
    library, _libraries = desk_library_chosen(request)
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
    library, _libraries = desk_library_chosen(request)
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
