from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.rankings.enums import Category
from wenlan.rankings.policies import TERMS


class FeedUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("数据源"))
    file = forms.FileField(
        label=_("数据文件"), help_text=_("CSV、Excel (.xlsx) 或 JSON，格式见说明。")
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (s.code, f"{s.name} · {s.get_kind_display()}") for s in sources
        ]


TERM_LABELS = {
    "loans": _("借阅（按馆规模折算）"),
    "breadth": _("广度（馆数与省份数）"),
    "growth": _("增长（较上一期）"),
    "sales": _("销售排名"),
    "recency": _("出版新近度"),
}


class RankingComputeForm(forms.Form):
    period = forms.CharField(
        label=_("期间"), max_length=7, help_text=_("月 2026-03、季度 2026-Q1 或年 2026")
    )
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices, initial="all")
    top = forms.IntegerField(label=_("每榜条数"), min_value=1, max_value=200, initial=20)

    def __init__(self, *args, weights: dict[str, float], **kwargs):
        super().__init__(*args, **kwargs)
        for name in TERMS:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=TERM_LABELS[name], min_value=0, max_value=100, initial=weights[name]
            )

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[f"w_{name}"] for name in TERMS}
