from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.rankings.enums import Category
from wenlan.rankings.panel.enums import Occasion
from wenlan.rankings.panel.policies import SCORE_MAX, SCORE_MIN
from wenlan.rankings.panel.services.publication import Pick


class ListCreateForm(forms.Form):
    occasion = forms.ChoiceField(label=_("时机"), choices=Occasion.choices)
    date = forms.DateField(label=_("发布日期"), widget=forms.DateInput(attrs={"type": "date"}))
    theme_zh = forms.CharField(label=_("主题"), max_length=200)
    theme_en = forms.CharField(label=_("英文主题"), max_length=200)
    size = forms.IntegerField(label=_("入选书数"), min_value=1, max_value=100, initial=10)
    period = forms.CharField(
        label=_("期间"),
        max_length=7,
        help_text=_("候选书目取自该期间已保存的榜单：2026、2026-Q1 或 2026-03"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices, initial="all")
    candidates = forms.IntegerField(
        label=_("候选书数"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("取榜单前若干名，默认为入选书数的两倍"),
    )
    chair = forms.ChoiceField(label=_("主持人"))
    slug = forms.SlugField(
        label=_("标识"),
        max_length=80,
        required=False,
        help_text=_("网址中的标识，默认如 2026-world-book-day"),
    )

    def __init__(self, *args, chairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [(u.pk, u.get_username()) for u in chairs]


class InviteForm(forms.Form):
    expert = forms.ChoiceField(label=_("评审专家"))

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [(u.pk, u.get_username()) for u in experts]


class ScoreForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("分数（1–10）"),
        coerce=int,
        choices=[(n, str(n)) for n in range(SCORE_MAX, SCORE_MIN - 1, -1)],
    )
    comment = forms.CharField(
        label=_("评语"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("利益冲突说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateForm(forms.Form):
    work = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("提名理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FinaliseForm(forms.Form):
    """Per candidate: chosen or not, its place, its recommendation in both languages."""

    def __init__(self, *args, candidates=(), size: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        chosen_any = any(c.position for c in self.candidates)
        scored = [c for c in self.candidates if c.score_count]
        default = {c.pk: n for n, c in enumerate(scored[:size], 1)}
        for c in self.candidates:
            position = c.position if chosen_any else default.get(c.pk)
            self.fields[f"pick_{c.pk}"] = forms.BooleanField(
                label=_("入选"), required=False, initial=bool(position)
            )
            self.fields[f"position_{c.pk}"] = forms.IntegerField(
                label=_("名次"), min_value=1, max_value=100, required=False, initial=position
            )
            self.fields[f"zh_{c.pk}"] = forms.CharField(
                label=_("推荐语"),
                required=False,
                max_length=600,
                initial=c.recommendation_zh,
                widget=forms.Textarea(attrs={"rows": 2, "lang": "zh-Hans"}),
            )
            self.fields[f"en_{c.pk}"] = forms.CharField(
                label=_("英文推荐语"),
                required=False,
                max_length=1200,
                initial=c.recommendation_en,
                widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
            )

    def rows(self) -> list[tuple]:
        return [
            (
                c,
                self[f"pick_{c.pk}"],
                self[f"position_{c.pk}"],
                self[f"zh_{c.pk}"],
                self[f"en_{c.pk}"],
            )
            for c in self.candidates
        ]

    def picks(self) -> list[Pick]:
        data = self.cleaned_data
        chosen = [c for c in self.candidates if data.get(f"pick_{c.pk}")]
        chosen.sort(key=lambda c: (data.get(f"position_{c.pk}") or 10**6, c.result_rank or 10**6))
        return [Pick(c.pk, data.get(f"zh_{c.pk}", ""), data.get(f"en_{c.pk}", "")) for c in chosen]
