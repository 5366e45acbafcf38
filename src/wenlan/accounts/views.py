from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from wenlan.accounts import selectors, services
from wenlan.accounts.enums import Perm
from wenlan.accounts.forms import AuditFilterForm, EmailPasswordResetForm, LoginForm, ResetCodeForm
from wenlan.accounts.models import StaffRole
from wenlan.accounts.permissions import can, ensure_can, library_scope
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
            "can_catalogue": can(request.user, Perm.CATALOG_CHANGE),
            "can_till": can(request.user, Perm.O2O_TILL),
            "can_o2o_manage": can(request.user, Perm.O2O_MANAGE),
            "can_acquire": can(request.user, Perm.ACQUISITIONS),
            "can_delivery": can(request.user, Perm.O2O_DELIVERY),
            "can_reference": can(request.user, Perm.REFERENCE_ANSWER),
            "can_reference_partner": can(request.user, Perm.REFERENCE_PARTNER),
            "can_edit_knowledge": can(request.user, Perm.KNOWLEDGE_EDIT),
            "can_thinktank": can(request.user, Perm.THINKTANK_EDIT),
            "can_consult": can(request.user, Perm.ENTERPRISE_REQUEST),
            "can_ranking_feed": can(request.user, Perm.RANKING_FEED),
            "can_ranking_manage": can(request.user, Perm.RANKING_MANAGE),
            "can_ranking_review": can(request.user, Perm.RANKING_REVIEW),
            "can_audience": can(request.user, Perm.AUDIENCE_MANAGE),
            "can_learning": can(request.user, Perm.LEARNING_MANAGE),
            "can_insights": can(request.user, Perm.INSIGHTS_VIEW),
            "can_plan": can(request.user, Perm.AUDIENCE_MANAGE),
            "can_booklists": can(request.user, Perm.BOOKLIST_MANAGE),
            "can_manage_courses": _can_at_central(request.user, Perm.LEARNING_MANAGE),
            "can_volunteers": can(request.user, Perm.VOLUNTEER_MANAGE),
        },
    )


def _can_at_central(user, perm: Perm) -> bool:
    """Whether `user` holds `perm` at the central library (learning's courses are
    the central library's); libraries are reached through the role's foreign key."""
    scope = library_scope(user, perm)
    if scope is None:
        return True
    libraries = StaffRole._meta.get_field("library").related_model.objects
    return bool(scope) and libraries.filter(pk__in=scope, kind="central").exists()


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None, actors=selectors.audit_actor_labels())
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AuditFilters(
        actor_label=data.get("actor", ""),
        reader=data.get("reader", ""),
        action=data.get("action", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        subject_type=request.GET.get("type", ""),
        subject_id=request.GET.get("id", ""),
    )
    page = Paginator(selectors.audit_entry_list(filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "rows": selectors.audit_rows(page.object_list),
            "form": form,
            "query": query.urlencode(),
        },
    )


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
