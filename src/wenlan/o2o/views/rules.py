"""Staff keep the 悦读 rules: the network's and each store's, and enrol partner
bookstores (one small view per action)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.core.errors import NotFoundError, ValidationError, WenlanError
from wenlan.o2o.forms import BookstoreRuleForm
from wenlan.o2o.selectors import bookstore as selectors
from wenlan.o2o.services import rules as rule_services
from wenlan.o2o.services.rules import RuleValues


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.O2O_MANAGE)
    scope = library_scope(request.user, Perm.O2O_MANAGE)
    stores = [
        s
        for s in selectors.bookstores_visible(actor=request.user)
        if scope is None or s.library_id in scope
    ]
    rows = selectors.rule_rows(bookstore_ids=[s.pk for s in stores])
    return render(
        request,
        "o2o/rules.html",
        {
            "network_rule": rows.get(None),
            "can_edit_network": scope is None,
            "stores": [(store, rows.get(store.pk)) for store in stores],
            "not_enrolled": selectors.partner_bookstores_not_enrolled(scope=scope),
        },
    )


def _rule_edit(request: HttpRequest, *, bookstore=None) -> HttpResponse:
    rows = selectors.rule_rows(bookstore_ids=[bookstore.pk] if bookstore else [])
    row = rows.get(bookstore.pk if bookstore else None)
    form = BookstoreRuleForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            rule_services.bookstore_rule_save(
                actor=request.user,
                bookstore_id=bookstore.pk if bookstore else None,
                values=RuleValues(**form.cleaned_data),
            )
        except WenlanError as error:
            form.add_error(getattr(error, "field", None) or None, str(error))
        else:
            messages.success(request, _("悦读规则已保存。"))
            return redirect("o2o:rule_list")
    return render(request, "o2o/rule_edit.html", {"form": form, "store": bookstore})


@login_required
def rule_edit_network(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, Perm.O2O_MANAGE)
    return _rule_edit(request)


@login_required
def rule_edit_store(request: HttpRequest, bookstore_id: int) -> HttpResponse:
    ensure_can(request.user, Perm.O2O_MANAGE)
    bookstore = selectors.bookstore_managed(actor=request.user, bookstore_id=bookstore_id)
    if bookstore is None:
        raise NotFoundError()
    return _rule_edit(request, bookstore=bookstore)


@login_required
@require_POST
def rule_reset_store(request: HttpRequest, bookstore_id: int) -> HttpResponse:
    rule_services.bookstore_rule_delete(actor=request.user, bookstore_id=bookstore_id)
    messages.success(request, _("该书店已改用全网规则。"))
    return redirect("o2o:rule_list")


@login_required
@require_POST
def bookstore_enrol(request: HttpRequest, library_id: int) -> HttpResponse:
    try:
        bookstore = rule_services.bookstore_enrol(actor=request.user, library_id=library_id)
    except ValidationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(store)s 已开通悦读。") % {"store": bookstore.library.name})
    return redirect("o2o:rule_list")
