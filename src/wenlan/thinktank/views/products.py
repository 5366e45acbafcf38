"""Thematic products: staff compose them from clippings and publish them; readers
read the published ones (public, bilingual, phone-sized)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.core.errors import WenlanError
from wenlan.thinktank import selectors
from wenlan.thinktank.forms import ProductForm
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.services import products as services


@login_required
@require_http_methods(["GET", "POST"])
def product_list(request: HttpRequest) -> HttpResponse:
    ensure_editor(request.user)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_save(
                actor=request.user, product_id=None, **form.cleaned_data
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            return redirect("thinktank:product_edit", product.pk)
    return render(
        request,
        "thinktank/product_list.html",
        {"form": form, "products": selectors.product_list(actor=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_get(actor=request.user, product_id=product_id)
    initial = {f: getattr(product, f) for f in ProductForm.base_fields}
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(actor=request.user, product_id=product.pk, **form.cleaned_data)
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("专题产品已保存。"))
            return redirect("thinktank:product_edit", product.pk)
    chosen = list(product.clippings.order_by("-published_on", "-pk"))
    q = request.GET.get("q", "")[:256]
    picks = list(
        selectors.clipping_search(actor=request.user, filters=selectors.ClippingFilters(q=q))[:30]
    )
    return render(
        request,
        "thinktank/product_edit.html",
        {
            "product": product,
            "form": form,
            "chosen": chosen,
            "q": q,
            "picks": [c for c in picks if c not in chosen],
        },
    )


def _back(request: HttpRequest, product_id: int, call, ok: str) -> HttpResponse:
    try:
        call()
    except WenlanError as error:
        if error.status in (401, 403):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, ok)
    return redirect("thinktank:product_edit", product_id)


@login_required
@require_POST
def product_clipping(request: HttpRequest, product_id: int) -> HttpResponse:
    value = request.POST.get("clipping", "")
    return _back(
        request,
        product_id,
        lambda: services.product_clipping_set(
            actor=request.user,
            product_id=product_id,
            clipping_id=int(value) if value.isdigit() else 0,
            included=request.POST.get("included") == "1",
        ),
        _("已更新选入的剪报。"),
    )


@login_required
@require_POST
def product_publish(request: HttpRequest, product_id: int) -> HttpResponse:
    published = request.POST.get("published") == "1"
    return _back(
        request,
        product_id,
        lambda: services.product_publish(
            actor=request.user, product_id=product_id, published=published
        ),
        _("已向读者发布。") if published else _("已撤回发布。"),
    )


def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "thinktank/public_list.html", {"products": selectors.product_list_public()}
    )


def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product, clippings = selectors.product_get_public(slug=slug)
    return render(
        request, "thinktank/public_detail.html", {"product": product, "clippings": clippings}
    )
