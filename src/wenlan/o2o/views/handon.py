"""悦享 on the reader's phone: offer a loan (a code and its QR, or to a reader named
by card), see one's offers and what was handed to one, withdraw, decline, and
accept by the code typed or the QR link opened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.circulation.selectors.readers import loan_list_for_reader
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, WenlanError
from wenlan.core.qr import qr_svg
from wenlan.o2o.errors import HandOnNotFoundError, NoReaderCardError
from wenlan.o2o.forms import HandOnAcceptForm, HandOnOfferForm
from wenlan.o2o.selectors import handon as selectors
from wenlan.o2o.services import handon as services
from wenlan.patrons.selectors import reader_of


def _own_reader(request: HttpRequest):
    reader = reader_of(request.user)
    if reader is None:
        raise NoReaderCardError()
    return reader


@login_required
def handon_home(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    return render(
        request,
        "o2o/handon/home.html",
        {
            "handons": selectors.handon_list_for_reader(reader_id=reader.pk),
            "form": HandOnAcceptForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def handon_offer(request: HttpRequest, loan_id: int) -> HttpResponse:
    reader = _own_reader(request)
    loan = loan_list_for_reader(reader_id=reader.pk).filter(pk=loan_id).first()
    if loan is None:
        raise NotFoundError()
    form = HandOnOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.handon_offer_create(
                actor=request.user,
                loan_id=loan.pk,
                receiver_card=form.cleaned_data["receiver_card"],
            )
        except WenlanError as error:
            form.add_error(None, str(error))
        else:
            return redirect("o2o:handon_detail", offer_id=offer.pk)
    return render(
        request, "o2o/handon/offer.html", {"loan": loan, "form": form, "today": clock.today()}
    )


@login_required
def handon_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    """The giver's offer: its code, the QR of its accept link, until when it is open."""
    reader = _own_reader(request)
    offer = selectors.handon_offer_for_giver(reader_id=reader.pk, offer_id=offer_id)
    if offer is None:
        raise HandOnNotFoundError()
    link = request.build_absolute_uri(reverse("o2o:handon_accept") + f"?code={offer.code}")
    context = {"offer": offer, "link": link}
    if offer.shown_status == "open" and not offer.named:
        context["qr"] = mark_safe(qr_svg(link))  # noqa: S308  (our own SVG)
    response = render(request, "o2o/handon/detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def handon_withdraw(request: HttpRequest, offer_id: int) -> HttpResponse:
    try:
        services.handon_offer_withdraw(actor=request.user, offer_id=offer_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已撤回转借，这本书仍由您借阅。"))
    return redirect("o2o:handon_home")


@login_required
@require_POST
def handon_decline(request: HttpRequest, offer_id: int) -> HttpResponse:
    try:
        services.handon_offer_decline(actor=request.user, offer_id=offer_id)
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已婉拒这次转借。"))
    return redirect("o2o:handon_home")


@login_required
@require_http_methods(["GET", "POST"])
def handon_accept(request: HttpRequest) -> HttpResponse:
    """GET with ?code= (the QR link) shows the offer; POST takes the loan."""
    _own_reader(request)
    form = HandOnAcceptForm(request.POST or request.GET or None)
    offer = None
    if form.is_valid():
        offer = selectors.handon_offer_by_code(code=form.cleaned_data["code"])
        if request.method == "POST":
            try:
                accepted = services.handon_offer_accept(
                    actor=request.user, code=form.cleaned_data["code"]
                )
            except WenlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("《%(title)s》已转到您的名下，应还日期 %(due)s。")
                    % {"title": accepted.offer.record.title, "due": accepted.loan.due_on},
                )
                return redirect("circulation:my_loans")
        elif offer is None:
            form.add_error("code", str(HandOnNotFoundError.default_message))
    return render(request, "o2o/handon/accept.html", {"form": form, "offer": offer})
