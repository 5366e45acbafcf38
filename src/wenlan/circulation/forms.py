from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.catalog.enums import ItemType
from wenlan.circulation.enums import OverdueRule
from wenlan.patrons.enums import ReaderCategory

_scan = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class CardForm(forms.Form):
    card = forms.CharField(
        label=_("读者证"), max_length=40, widget=forms.TextInput(attrs={**_scan, "autofocus": True})
    )


class CheckoutForm(forms.Form):
    card = forms.CharField(widget=forms.HiddenInput)
    barcode = forms.CharField(
        label=_("扫描图书条码借出"),
        max_length=64,
        widget=forms.TextInput(attrs={**_scan, "autofocus": True}),
    )


class CheckinForm(forms.Form):
    barcode = forms.CharField(
        label=_("扫描图书条码归还"),
        max_length=64,
        widget=forms.TextInput(attrs={**_scan, "autofocus": True}),
    )


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
    """One row of the rules table."""

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
    loanable = forms.BooleanField(label=_("可外借"), required=False)
    loan_days = forms.IntegerField(label=_("借期（天）"), min_value=1, max_value=365)
    max_loans = forms.IntegerField(label=_("最多可借"), min_value=0, max_value=200)
    renewals = forms.IntegerField(label=_("续借次数"), min_value=0, max_value=20)
    holds_allowed = forms.BooleanField(label=_("可预约"), required=False)
    hold_shelf_days = forms.IntegerField(label=_("预约保留（天）"), min_value=1, max_value=60)
    max_overdue = forms.IntegerField(label=_("逾期几册停借"), min_value=1, max_value=100)
    overdue_rule = forms.ChoiceField(label=_("逾期处理"), choices=OverdueRule.choices)
    fine_per_day = forms.DecimalField(
        label=_("每日罚款"), min_value=0, max_digits=6, decimal_places=2
    )
    fine_cap = forms.DecimalField(label=_("罚款上限"), min_value=0, max_digits=8, decimal_places=2)
    suspension_days_per_day = forms.IntegerField(
        label=_("每逾期一天停借"), min_value=0, max_value=30
    )

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [
            ("", _("全网")),
            *[(lib.pk, lib.name) for lib in libraries],
        ]


PolicyFormSet = forms.formset_factory(PolicyRowForm, extra=1, can_delete=True)
