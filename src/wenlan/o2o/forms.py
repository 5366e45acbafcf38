from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.o2o.enums import CourierEvent, Destination, StockState
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


# --- 悦借 ---------------------------------------------------------------------


class DeliveryOrderForm(forms.Form):
    """Where the reader wants the copies: home (zone, address, phone) or a pickup point."""

    destination = forms.ChoiceField(
        label=_("送达方式"), choices=Destination.choices, widget=forms.RadioSelect,
        initial=Destination.HOME,
    )  # fmt: skip
    zone = forms.TypedChoiceField(label=_("配送区域"), coerce=int, required=False, choices=())
    address = forms.CharField(label=_("收件地址"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    pickup_point = forms.TypedChoiceField(label=_("取书点"), coerce=int, required=False, choices=())

    def __init__(self, *args, zones=(), points=(), **kwargs):
        kwargs.setdefault("auto_id", "order-%s")
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "—")] + [
            (zone.pk, _delivery_zone_label(zone)) for zone in zones
        ]
        self.fields["pickup_point"].choices = [("", "—")] + [
            (point.pk, _pickup_point_label(point)) for point in points
        ]


def _delivery_zone_label(zone) -> str:
    if not zone.fee:
        return _("%(name)s（免配送费）") % {"name": zone.name}
    if zone.free_from_books:
        return _("%(name)s（配送费 %(fee)s 元，满 %(n)s 册免费）") % {
            "name": zone.name, "fee": zone.fee, "n": zone.free_from_books}  # fmt: skip
    return _("%(name)s（配送费 %(fee)s 元）") % {"name": zone.name, "fee": zone.fee}


def _pickup_point_label(point) -> str:
    if point.is_locker:
        return _("%(name)s（取书柜，免费）") % {"name": point.library.name}
    return _("%(name)s（免费）") % {"name": point.library.name}


class BarcodeForm(forms.Form):
    barcode = forms.CharField(
        label=_("单册条码"), max_length=64, widget=forms.TextInput(attrs=_scan)
    )


class PackForm(forms.Form):
    courier = forms.CharField(label=_("快递公司"), max_length=40)
    tracking_number = forms.CharField(
        label=_("快递单号"), max_length=40, widget=forms.TextInput(attrs=_scan)
    )


class CompartmentForm(forms.Form):
    compartment = forms.IntegerField(label=_("格口"), min_value=1, max_value=999)


class FailForm(forms.Form):
    reason = forms.CharField(label=_("失败原因"), max_length=200)


class PickupCodeForm(forms.Form):
    code = forms.CharField(label=_("取件码"), max_length=8, widget=forms.TextInput(attrs=_scan))


class CourierStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("快递状态"),
        choices=[
            (CourierEvent.PICKED_UP, CourierEvent.PICKED_UP.label),
            (CourierEvent.IN_TRANSIT, CourierEvent.IN_TRANSIT.label),
        ],
    )
