from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.o2o.enums import StockState
from wenlan.o2o.models import BookstoreRule

_scan = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class TillForm(forms.Form):
    """The till: the reader's card (or e-card), the book's ISBN and price; title and
    author only for a book the catalog lacks."""

    card = forms.CharField(
        label=_("读者证或电子读者证"), max_length=200, widget=forms.TextInput(attrs=_scan)
    )
    isbn = forms.CharField(label=_("ISBN"), max_length=32, widget=forms.TextInput(attrs=_scan))
    price = forms.DecimalField(
        label=_("定价（元）"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    title = forms.CharField(
        label=_("题名"),
        max_length=500,
        required=False,
        help_text=_("馆藏目录中没有这个 ISBN 时填写。"),
    )
    author = forms.CharField(label=_("责任者"), max_length=200, required=False)
    publisher = forms.CharField(label=_("出版者"), max_length=300, required=False)
    year = forms.IntegerField(label=_("出版年"), min_value=1000, max_value=2999, required=False)
    barcode = forms.CharField(
        label=_("图书馆条码标签"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs=_scan),
        help_text=_("贴有预印的图书馆条码时扫描；不填则自动生成。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "till-%s")
        super().__init__(*args, **kwargs)
        self.fields["card"].widget.attrs["autofocus"] = True


class TillReturnForm(forms.Form):
    barcode = forms.CharField(
        label=_("扫描归还的悦读图书条码"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "return-%s")
        super().__init__(*args, **kwargs)


class BookstoreRuleForm(forms.ModelForm):
    class Meta:
        model = BookstoreRule
        fields = [
            "monthly_limit",
            "max_age_years",
            "price_cap",
            "max_network_copies",
            "excluded_clc",
            "excluded_keywords",
            "budget_per_month",
        ]

    def clean_price_cap(self):
        price_cap = self.cleaned_data["price_cap"]
        if price_cap <= 0:
            raise forms.ValidationError(_("定价上限须大于零。"))
        return price_cap


class HandOnOfferForm(forms.Form):
    """悦享: whom to hand a loan on to: a reader named by card, or (left empty) whoever
    the giver gives the code or QR to."""

    receiver_card = forms.CharField(
        label=_("接收读者的读者卡号（可不填）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_scan),
        help_text=_("不填则生成转借码和二维码，交给谁，谁就可以接受。"),
    )


class HandOnAcceptForm(forms.Form):
    code = forms.CharField(
        label=_("转借码"),
        max_length=32,
        widget=forms.TextInput(attrs={**_scan, "inputmode": "text"}),
    )


class SuggestionForm(forms.Form):
    """悦购: a book the reader would like the library to buy: an ISBN, or a title."""

    isbn = forms.CharField(
        label=_("ISBN"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={**_scan, "inputmode": "numeric"}),
        help_text=_("图书背面条码上的 13 位数字；没有 ISBN 时填写题名。"),
    )
    title = forms.CharField(label=_("题名"), max_length=500, required=False)
    author = forms.CharField(label=_("责任者"), max_length=200, required=False)
    publisher = forms.CharField(label=_("出版者"), max_length=300, required=False)
    note = forms.CharField(
        label=_("推荐理由（可不填）"), max_length=500, required=False, widget=forms.Textarea(
            attrs={"rows": 2}
        ),
    )  # fmt: skip


class SuggestionReceiveForm(forms.Form):
    barcode = forms.CharField(
        label=_("新书条码"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )
    isbn = forms.CharField(label=_("ISBN"), max_length=32, required=False)
    call_number = forms.CharField(label=_("索书号"), max_length=100, required=False)


class StoreListingForm(forms.Form):
    """悦购: a title the store offers readers to order and collect."""

    isbn = forms.CharField(label=_("ISBN"), max_length=32, widget=forms.TextInput(attrs=_scan))
    title = forms.CharField(label=_("题名"), max_length=500)
    author = forms.CharField(label=_("责任者"), max_length=200, required=False)
    price = forms.DecimalField(
        label=_("售价（元）"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    stock = forms.ChoiceField(label=_("库存"), choices=StockState.choices)
