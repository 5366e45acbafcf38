"""The volunteer's own pages (`/me/volunteer/`): apply, open shifts, sign up,
cancel, offer and accept swaps, check in and out with the shift's code, hours,
stars and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.patrons.selectors import reader_of
from wenlan.volunteers import policies
from wenlan.volunteers.enums import ProfileStatus
from wenlan.volunteers.forms import CodeForm, ProfileForm, SwapForm, slot_codes, slots_parsed
from wenlan.volunteers.selectors import shifts as shift_selectors
from wenlan.volunteers.selectors.certificates import certificates_of_profile
from wenlan.volunteers.selectors.hours import hours_summary
from wenlan.volunteers.selectors.profiles import profile_of_reader
from wenlan.volunteers.services import certificates, hours, signups
from wenlan.volunteers.services.profiles import ProfileData, profile_apply
from wenlan.volunteers.services.signups import qualification_of


def _reader(request: HttpRequest):
    reader = reader_of(request.user)
    if reader is None:
        raise Http404()
    return reader


@login_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    profile = profile_of_reader(reader_id=reader.pk)
    if profile is None:
        return redirect("volunteers:apply")
    context = {
        "profile": profile,
        "code_form": CodeForm(initial={"code": request.GET.get("code", "")}),
    }
    if profile.status == ProfileStatus.APPROVED:
        since = clock.now() - policies.CHECK_OUT_CLOSES_AFTER
        context.update(
            {
                "summary": hours_summary(profile_id=profile.pk),
                "upcoming": shift_selectors.signups_of_profile(profile_id=profile.pk, since=since),
                "offers": shift_selectors.offers_to_profile(profile_id=profile.pk),
                "certificates": certificates_of_profile(profile_id=profile.pk),
                "swap_form": SwapForm(),
            }
        )
    return render(request, "volunteers/me.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    profile = profile_of_reader(reader_id=reader.pk)
    initial = {}
    if profile is not None:
        initial = {
            "background": profile.background,
            "background_detail": profile.background_detail,
            "district": profile.district,
            "skills": policies.tags_decode(profile.skills),
            "languages": policies.tags_decode(profile.languages),
            "availability": slot_codes(profile.availability),
        }
    form = ProfileForm(request.POST or None, initial=initial, id_required=profile is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile_apply(
                actor=request.user,
                data=ProfileData(
                    skills=data["skills"],
                    languages=data["languages"],
                    background=data["background"],
                    background_detail=data["background_detail"],
                    district=data["district"],
                    availability=slots_parsed(data["availability"]),
                    trainings=[],
                    checks=[],
                ),
                id_number=data["id_number"],
            )
            messages.success(request, _("已保存。协调员审核通过后即可报名班次。"))
            return redirect("volunteers:me")
        except WenlanError as error:
            form.add_error(getattr(error, "field", None), str(error))
    return render(request, "volunteers/apply.html", {"form": form, "profile": profile})


@login_required
@require_safe
def shifts(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    profile = profile_of_reader(reader_id=reader.pk)
    rows = [
        (shift, qualification_of(profile, shift) if profile else None)
        for shift in shift_selectors.shift_list_open()
    ]
    return render(request, "volunteers/shifts.html", {"rows": rows, "profile": profile})


def _run(request: HttpRequest, action, done: str) -> HttpResponse:
    try:
        action()
        messages.success(request, done)
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("volunteers:me")


@login_required
@require_POST
def signup_create(request: HttpRequest, shift_id: int) -> HttpResponse:
    return _run(
        request,
        lambda: signups.signup_create(actor=request.user, shift_id=shift_id),
        _("报名成功。"),
    )


@login_required
@require_POST
def signup_cancel(request: HttpRequest, signup_id: int) -> HttpResponse:
    return _run(
        request,
        lambda: signups.signup_cancel(actor=request.user, signup_id=signup_id),
        _("已取消报名。"),
    )


@login_required
@require_POST
def swap_offer(request: HttpRequest, signup_id: int) -> HttpResponse:
    form = SwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写对方的读者卡号。"))
        return redirect("volunteers:me")
    return _run(
        request,
        lambda: signups.swap_offer(
            actor=request.user, signup_id=signup_id, card_number=form.cleaned_data["card"]
        ),
        _("换班邀请已发出，等待对方接受。"),
    )


@login_required
@require_POST
def swap_accept(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _run(
        request,
        lambda: signups.swap_accept(actor=request.user, offer_id=offer_id),
        _("换班成功，这个班次由您参加。"),
    )


@login_required
@require_POST
def swap_decline(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _run(
        request,
        lambda: signups.swap_decline(actor=request.user, offer_id=offer_id),
        _("已谢绝换班邀请。"),
    )


def _punch(request: HttpRequest, punch, done: str, again: str) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请输入班次签到码。"))
        return redirect("volunteers:me")
    try:
        result = punch(actor=request.user, code=form.cleaned_data["code"])
        if result.created:
            messages.success(request, done)
        else:
            messages.info(request, again)
    except WenlanError as error:
        messages.error(request, str(error))
    return redirect("volunteers:me")


@login_required
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    return _punch(request, hours.shift_check_in, _("签到成功。"), _("您已签到过这个班次。"))


@login_required
@require_POST
def check_out(request: HttpRequest) -> HttpResponse:
    return _punch(
        request,
        hours.shift_check_out,
        _("签退成功，服务时长待协调员认定。"),
        _("您已签退过这个班次。"),
    )


@login_required
@require_POST
def certificate_issue(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        lambda: certificates.certificate_issue(actor=request.user),
        _("证书已生成，可下载 PDF。"),
    )
