from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.catalog.enums import ItemStatus, ItemType
from wenlan.catalog.services.items import MAX_BULK_ITEMS
from wenlan.network.models import Library


class ItemsAddRangeForm(forms.Form):
    library = forms.ModelChoiceField(label=_("所属馆"), queryset=Library.objects.none())
    first_barcode = forms.CharField(
        label=_("起始条码"),
        max_length=64,
        help_text=_("以数字结尾，例如 HZ00012001；其后的条码依次加一。"),
    )
    count = forms.IntegerField(label=_("册数"), min_value=1, max_value=MAX_BULK_ITEMS, initial=1)
    call_number = forms.CharField(label=_("索书号"), max_length=100, required=False)
    shelf_location = forms.CharField(label=_("馆藏位置"), max_length=100, required=False)
    shelf_location_en = forms.CharField(label=_("馆藏位置（英文）"), max_length=100, required=False)
    item_type = forms.ChoiceField(
        label=_("流通类型"), choices=ItemType.choices, initial=ItemType.BOOK
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(s.value, s.label) for s in (ItemStatus.IN_PROCESSING, ItemStatus.AVAILABLE)],
        initial=ItemStatus.IN_PROCESSING,
    )
    price = forms.DecimalField(label=_("价格"), max_digits=10, decimal_places=2, required=False)

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries


class BriefRecordCompleteForm(forms.Form):
    title = forms.CharField(label=_("题名"), max_length=500)
    author = forms.CharField(label=_("责任者"), max_length=200, required=False)
    publisher = forms.CharField(label=_("出版者"), max_length=300, required=False)
    year = forms.IntegerField(label=_("出版年"), min_value=1000, max_value=2999, required=False)
    clc = forms.CharField(label=_("中图法分类号"), max_length=64, required=False)
    subjects = forms.CharField(
        label=_("主题"), max_length=500, required=False, help_text=_("多个主题以分号分隔。")
    )
