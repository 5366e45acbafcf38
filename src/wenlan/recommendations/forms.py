from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated


class SegmentLabelForm(forms.Form):
    label_zh = forms.CharField(label=_("中文名称"), max_length=40, required=False)
    label_en = forms.CharField(label=_("英文名称"), max_length=40, required=False)


class AnnounceForm(forms.Form):
    event = forms.ChoiceField(label=_("活动"))

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e.pk, translated(e, "title")) for e in events]
