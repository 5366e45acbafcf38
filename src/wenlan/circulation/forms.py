from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.catalog.enums import ItemType
from wenlan.circulation.enums import OverdueRule, RenewalBase
from wenlan.circulation.policies import DEFAULT_RULE
from wenlan.patrons.enums import ReaderCategory

_scan = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class _ScanForm(forms.Form):
    """A desk form whose ids carry its own prefix (several sit on one page), and
    which takes the page's one autofocus when `focus` is set."""

    id_prefix = ""

    def __init__(self, *args, focus: bool = False, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        if focus:
            self.fields[self.focus_field].widget.attrs["autofocus"] = True


class CardForm(_ScanForm):
    id_prefix, focus_field = "card", "card"
    # A card number, or the ~60 characters of a reader's e-card (patrons.ecard).
    card = forms.CharField(label=_("读者证"), max_length=100, widget=forms.TextInput(attrs=_scan))


class CheckoutForm(_ScanForm):
    id_prefix, focus_field = "lend", "barcode"
    card = forms.CharField(widget=forms.HiddenInput)
    barcode = forms.CharField(
        label=_("扫描图书条码借出"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )


class CheckinForm(_ScanForm):
    id_prefix, focus_field = "return", "barcode"
    barcode = forms.CharField(
        label=_("扫描图书条码归还"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )


class PullTrapForm(_ScanForm):
    id_prefix, focus_field = "pull", "barcode"
    barcode = forms.CharField(
        label=_("扫描从书架取下的图书条码"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("focus", True)
        super().__init__(*args, **kwargs)


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("限制原因"), max_length=200)
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PickupForm(forms.Form):
    pickup_library = forms.TypedChoiceField(label=_("取书馆"), coerce=int, choices=())

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pickup_library"].choices = choices


class PolicyRowForm(forms.Form):
    """One row of the rules table. Its fields start at the rules' defaults, so the
    blank row for a new rule counts as untouched (and is skipped) when left alone."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    library = forms.TypedChoiceField(
        label=_("图书馆"), coerce=int, empty_value=None, required=False, choices=()
    )
    reader_category = forms.ChoiceField(
        label=_("读者类型"),
        required=False,
        choices=[("", _("所有读者")), *ReaderCategory.choices],
    )
    item_type = forms.ChoiceField(
        label=_("流通类型"), required=False, choices=[("", _("所有类型")), *ItemType.choices]
    )
    loanable = forms.BooleanField(label=_("可外借"), required=False, initial=DEFAULT_RULE.loanable)
    loan_days = forms.IntegerField(
        label=_("借期（天）"), min_value=1, max_value=365, initial=DEFAULT_RULE.loan_days
    )
    max_loans = forms.IntegerField(
        label=_("最多可借"), min_value=0, max_value=200, initial=DEFAULT_RULE.max_loans
    )
    renewals = forms.IntegerField(
        label=_("续借次数"), min_value=0, max_value=20, initial=DEFAULT_RULE.renewals
    )
    renewal_base = forms.ChoiceField(
        label=_("续借后应还日期"), choices=RenewalBase.choices, initial=DEFAULT_RULE.renewal_base
    )
    holds_allowed = forms.BooleanField(
        label=_("可预约"), required=False, initial=DEFAULT_RULE.holds_allowed
    )
    hold_shelf_days = forms.IntegerField(
        label=_("预约保留（天）"), min_value=1, max_value=60, initial=DEFAULT_RULE.hold_shelf_days
    )
    max_overdue = forms.IntegerField(
        label=_("逾期几册停借"), min_value=1, max_value=100, initial=DEFAULT_RULE.max_overdue
    )
    overdue_rule = forms.ChoiceField(
        label=_("逾期处理"), choices=OverdueRule.choices, initial=DEFAULT_RULE.overdue_rule
    )
    fine_per_day = forms.DecimalField(
        label=_("每日罚款"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=DEFAULT_RULE.fine_per_day,
    )
    fine_cap = forms.DecimalField(
        label=_("罚款上限"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=DEFAULT_RULE.fine_cap,
    )
    suspension_days_per_day = forms.IntegerField(
        label=_("每逾期一天停借"),
        min_value=0,
        max_value=30,
        initial=DEFAULT_RULE.suspension_days_per_day,
    )

    def __init__(self, *args, libraries=(), network=True, **kwargs):
        """`libraries` the user may write rules for; `network` whether they may
        write network-wide ones (else a new row starts at their first library)."""
        super().__init__(*args, **kwargs)
        choices = [(lib.pk, lib.name) for lib in libraries]
        field = self.fields["library"]
        if network:
            field.choices = [("", _("全网")), *choices]
        else:
            field.choices = choices
            field.required = True
            field.initial = choices[0][0] if choices else None


PolicyFormSet = forms.formset_factory(PolicyRowForm, extra=1, can_delete=True)
