"""The loan rules table: the rules a user may change are a form, the others are shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.circulation.forms import PolicyFormSet
from wenlan.circulation.selectors import rules as rule_selectors
from wenlan.circulation.services import blocks as block_services
from wenlan.circulation.services.blocks import PolicyRow
from wenlan.core.errors import WenlanError
from wenlan.network.selectors import library_list_by_code


def _policy_rows(formset) -> list[PolicyRow]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        data = form.cleaned_data
        rows.append(
            PolicyRow(
                id=data.get("id"),
                library_id=data.get("library"),
                reader_category=data["reader_category"],
                item_type=data["item_type"],
                loanable=data["loanable"],
                loan_days=data["loan_days"],
                max_loans=data["max_loans"],
                renewals=data["renewals"],
                holds_allowed=data["holds_allowed"],
                hold_shelf_days=data["hold_shelf_days"],
                max_overdue=data["max_overdue"],
                overdue_rule=data["overdue_rule"],
                fine_per_day=data["fine_per_day"],
                fine_cap=data["fine_cap"],
                suspension_days_per_day=data["suspension_days_per_day"],
                renewal_base=data["renewal_base"],
                delete=bool(data.get("DELETE")),
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def policy_table(request: HttpRequest) -> HttpResponse:
    """The rules a user may change are a form; the others (another library's, or
    the network's for a branch librarian) are shown as they are, read-only."""
    ensure_can(request.user, Perm.POLICY_CHANGE)
    scope = library_scope(request.user, Perm.POLICY_CHANGE)
    libraries = list(library_list_by_code(scope=scope))
    policies = list(rule_selectors.policy_table())
    editable = [p for p in policies if scope is None or p.library_id in scope]
    read_only = [p for p in policies if p not in editable]
    initial = [
        {
            "id": p.pk,
            "library": p.library_id,
            "reader_category": p.reader_category,
            "item_type": p.item_type,
            "loanable": p.loanable,
            "loan_days": p.loan_days,
            "max_loans": p.max_loans,
            "renewals": p.renewals,
            "renewal_base": p.renewal_base,
            "holds_allowed": p.holds_allowed,
            "hold_shelf_days": p.hold_shelf_days,
            "max_overdue": p.max_overdue,
            "overdue_rule": p.overdue_rule,
            "fine_per_day": p.fine_per_day,
            "fine_cap": p.fine_cap,
            "suspension_days_per_day": p.suspension_days_per_day,
        }
        for p in editable
    ]
    kwargs = {
        "form_kwargs": {"libraries": libraries, "network": scope is None},
        "initial": initial,
        "prefix": "p",
    }
    formset = PolicyFormSet(request.POST or None, **kwargs)
    if request.method == "POST" and formset.is_valid():
        try:
            block_services.policy_table_save(actor=request.user, rows=_policy_rows(formset))
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("流通规则已保存。"))
            return redirect("circulation:policy_table")
    return render(
        request,
        "circulation/policy_table.html",
        {"formset": formset, "read_only": read_only, "can_edit": bool(libraries) or scope is None},
    )
