from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from wenlan.accounts import services
from wenlan.accounts.enums import Perm
from wenlan.accounts.forms import EmailPasswordResetForm, LanguageForm, LoginForm, ResetCodeForm
from wenlan.accounts.permissions import can, ensure_can
from wenlan.core.audit import audit_entries
from wenlan.core.errors import NotAuthenticatedError, PermissionDeniedError, WenlanError


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_staff:
            return reverse("accounts:staff_home")
        if hasattr(user, "reader"):
            return reverse("patrons:me")
        return reverse("home")


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDeniedError()
    roles = request.user.staff_roles.select_related("library", "partner").order_by("role")
    return render(
        request,
        "accounts/staff_home.html",
        {
            "roles": roles,
            "can_view_readers": can(request.user, Perm.READER_VIEW),
            "can_view_audit": can(request.user, Perm.AUDIT_VIEW),
            "can_desk": can(request.user, Perm.CIRCULATION_DESK),
            "can_checkin": can(request.user, Perm.EVENT_CHECKIN),
            "can_approve": can(request.user, Perm.EVENT_APPROVE),
        },
    )


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.AUDIT_VIEW)
    entries = audit_entries(
        subject_type=request.GET.get("type") or None, subject_id=request.GET.get("id") or None
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})


class EmailPasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class EmailPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class EmailPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class EmailPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def password_reset_code(request: HttpRequest) -> HttpResponse:
    """A new password with the one-time code a library desk gave."""
    form = ResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_code_redeem(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password1"],
            )
        except WenlanError as error:
            form.add_error(getattr(error, "field", None) or None, str(error))
        else:
            return render(request, "accounts/password_reset_complete.html")
    return render(request, "accounts/password_reset_code.html", {"form": form})
