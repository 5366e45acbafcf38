import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.forms import LanguageForm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError, WenlanError
from wenlan.core.middleware import client_address
from wenlan.core.qr import qr_svg
from wenlan.network.selectors import library_list
from wenlan.patrons import services
from wenlan.patrons.ecard import ecard_issue
from wenlan.patrons.errors import CardNotActiveError, ErasureRefusedError
from wenlan.patrons.forms import EraseForm, PrivacyForm, ProfileForm, ReaderSearchForm, SignupForm
from wenlan.patrons.selectors import reader_for_user, reader_search


def _add_domain_error(form, error: WenlanError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The header's language switch: the same preference as the profile's."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.person_language_set(user=request.user, language=language)
    return _remember_language(response, language)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("patrons:me")
    libraries = list(library_list())
    form = SignupForm(request.POST or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reader_signup_request(
                card_number=data["card_number"],
                password=data["password1"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                category=data["category"],
                birth_year=data["birth_year"],
                home_library_id=int(data["home_library"]),
                language=request.LANGUAGE_CODE,
                address=client_address(request),
            )
        except WenlanError as error:
            if getattr(error, "field", None) == "password":
                form.add_error("password1", str(error))
            else:
                _add_domain_error(form, error)
        else:
            return redirect("patrons:signup_done")
    return render(request, "patrons/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    """The one answer to every sign-up that was read: whether the card was new,
    issued at a desk or already online is not said here."""
    return render(request, "patrons/signup_done.html")


def _own_reader(request: HttpRequest):
    reader = reader_for_user(user=request.user)
    if reader is None:
        raise NotFoundError(_("此账号没有关联的读者卡。"))
    return reader


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "patrons/me.html", {"reader": _own_reader(request)})


@login_required
def ecard(request: HttpRequest) -> HttpResponse:
    """The reader's e-card on their phone: the QR code, renewed by the page
    (patrons/ecard.js, from the API's /patrons/me/ecard) before it expires; the
    reason instead while the card may not be used."""
    reader = _own_reader(request)
    try:
        card = ecard_issue(reader=reader)
    except CardNotActiveError as refused:
        context = {"reader": reader, "refusal": refused}
    else:
        context = {
            "reader": reader,
            "card": card,
            "qr": mark_safe(qr_svg(card.token)),  # noqa: S308  (our own SVG)
            "seconds_left": card.seconds_left(clock.now()),
        }
    response = render(request, "patrons/ecard.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    form = ProfileForm(request.POST or None, instance=reader)
    if request.method == "POST" and form.is_valid():
        try:
            services.reader_update(
                actor=request.user,
                reader_id=reader.pk,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            _add_domain_error(form, error)
        else:
            # The new language is the person's from this response on: its
            # message is in it, and the cookie says it for pages signed out.
            language = form.cleaned_data["language"]
            with translation.override(language):
                messages.success(request, _("个人信息已保存。"))
            return _remember_language(redirect("patrons:me"), language)
    return render(request, "patrons/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def privacy_edit(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    form = PrivacyForm(request.POST or None, instance=reader)
    if request.method == "POST" and form.is_valid():
        services.reader_update(
            actor=request.user,
            reader_id=reader.pk,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, _("隐私设置已保存。"))
        return redirect("patrons:me")
    return render(request, "patrons/privacy_edit.html", {"form": form})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    data = services.reader_export_data(actor=request.user, reader_id=reader.pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = reader.card_display.replace("*", "x")  # no ID number in a download's name
    response["Content-Disposition"] = f'attachment; filename="wenlan-{filename}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    form = EraseForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("密码不正确。"))
        else:
            try:
                services.reader_erase(actor=request.user, reader_id=reader.pk)
            except ErasureRefusedError as error:
                refusal = error
            else:
                logout(request)
                messages.success(request, _("您的账号已注销，个人数据已删除。"))
                return redirect("home")
    if refusal is None and request.method == "GET":
        reasons = services.reader_erase_blockers(reader_id=reader.pk)
        refusal = ErasureRefusedError(reasons) if reasons else None
    status = 409 if refusal is not None and request.method == "POST" else 200
    return render(
        request,
        "patrons/erase.html",
        {"form": form, "reader": reader, "refusal": refusal},
        status=status,
    )


@login_required
def staff_reader_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.READER_VIEW)
    form = ReaderSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        readers = reader_search(actor=request.user, query=query)
    except WenlanError as refused:  # an e-card scanned into the search that is not valid
        form.add_error("q", str(refused))
        readers = []
    page = Paginator(readers, 25).get_page(request.GET.get("page"))
    services.reader_list_seen(actor=request.user, readers=list(page.object_list))
    return render(request, "patrons/staff_reader_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["POST"])
def staff_reader_reset_code(request: HttpRequest, reader_id: int) -> HttpResponse:
    """Issues a one-time password reset code and shows it, this once."""
    issued = services.reader_password_reset_code_issue(actor=request.user, reader_id=reader_id)
    reader = services.reader_open(actor=request.user, reader_id=reader_id)
    response = render(
        request, "patrons/staff_reader_reset_code.html", {"reader": reader, "issued": issued}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def staff_reader_detail(request: HttpRequest, reader_id: int) -> HttpResponse:
    reader = services.reader_open(actor=request.user, reader_id=reader_id)
    return render(request, "patrons/staff_reader_detail.html", {"reader": reader})


@login_required
@require_http_methods(["POST"])
def staff_reader_erase(request: HttpRequest, reader_id: int) -> HttpResponse:
    """A desk erases a reader at their request; a refusal lists what the reader
    must return or settle first."""
    try:
        services.reader_erase(actor=request.user, reader_id=reader_id, at_desk=True)
    except ErasureRefusedError as error:
        reader = services.reader_open(actor=request.user, reader_id=reader_id)
        return render(
            request,
            "patrons/staff_reader_detail.html",
            {"reader": reader, "refusal": error},
            status=409,
        )
    messages.success(request, _("该读者已注销，个人数据已删除。"))
    return redirect("patrons:staff_reader_list")
