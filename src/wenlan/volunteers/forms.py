from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenlan.volunteers import policies
from wenlan.volunteers.enums import (
    WEEKDAY_NAMES,
    Background,
    Check,
    DayPart,
    District,
    ProfileStatus,
    Skill,
    Training,
    VolunteerLanguage,
    slot_label,
)


def slot_choices() -> list[tuple[str, str]]:
    """The 21 availability slots, labelled in the language of the page that lists them."""
    return [(f"{w}-{part.value}", slot_label(w, part.value)) for w in range(7) for part in DayPart]


def slot_codes(mask: int) -> list[str]:
    return [f"{weekday}-{part}" for weekday, part in policies.slots_of(mask)]


def slots_parsed(codes: list[str]) -> list[tuple[int, int]]:
    return [(int(code[0]), int(code[2])) for code in codes]


class ProfileForm(forms.Form):
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=20,
        required=False,
        help_text=_("18 位居民身份证号，加密保存，页面上只显示前三位和后四位。"),
    )
    background = forms.ChoiceField(label=_("职业背景"), choices=Background.choices)
    background_detail = forms.CharField(
        label=_("专业特长"),
        max_length=200,
        required=False,
        help_text=_("例如：执业律师十年，擅长劳动法。"),
    )
    district = forms.ChoiceField(label=_("所在区县"), choices=District.choices)
    skills = forms.MultipleChoiceField(
        label=_("技能"), choices=Skill.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("语言"),
        choices=VolunteerLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("可服务时段"),
        choices=slot_choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "slots"}),
        required=False,
    )

    def __init__(self, *args, id_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = id_required
        if not id_required:
            self.fields["id_number"].help_text = _("已保存；如需更改请重新填写，留空则不变。")

    def clean_id_number(self) -> str:
        number = policies.id_number_normalise(self.cleaned_data["id_number"])
        if number and not policies.id_number_valid(number):
            raise forms.ValidationError(_("身份证号无效：请核对 18 位号码及最后一位校验码。"))
        return number


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("班次签到码"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SwapForm(forms.Form):
    card = forms.CharField(label=_("对方的读者卡号"), max_length=32)


class PoolSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或专长"), max_length=100, required=False)
    skill = forms.ChoiceField(label=_("技能"), choices=[("", "—"), *Skill.choices], required=False)
    language = forms.ChoiceField(
        label=_("语言"), choices=[("", "—"), *VolunteerLanguage.choices], required=False
    )
    district = forms.ChoiceField(
        label=_("所在区县"), choices=[("", "—"), *District.choices], required=False
    )
    background = forms.ChoiceField(
        label=_("职业背景"), choices=[("", "—"), *Background.choices], required=False
    )
    weekday = forms.TypedChoiceField(
        label=_("星期"),
        choices=[("", "—"), *[(str(n), name) for n, name in enumerate(WEEKDAY_NAMES)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    part = forms.TypedChoiceField(
        label=_("时段"),
        choices=[("", "—"), *[(str(p.value), p.label) for p in DayPart]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=ProfileStatus.choices,
        required=False,
        initial=ProfileStatus.APPROVED,
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=300, required=False)


class TrainingForm(forms.Form):
    trainings = forms.MultipleChoiceField(
        label=_("已完成培训"),
        choices=Training.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    checks = forms.MultipleChoiceField(
        label=_("已核验证明"),
        choices=Check.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class OpportunityForm(forms.Form):
    title_zh = forms.CharField(label=_("中文名称"), max_length=200)
    title_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    description_zh = forms.CharField(label=_("中文说明"), widget=forms.Textarea, required=False)
    description_en = forms.CharField(label=_("英文说明"), widget=forms.Textarea, required=False)
    library = forms.ChoiceField(label=_("服务地点"))
    district = forms.ChoiceField(label=_("所在区县"), choices=District.choices)
    needs_skills = forms.MultipleChoiceField(
        label=_("所需技能（任一）"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs_trainings = forms.MultipleChoiceField(
        label=_("所需培训（全部）"),
        choices=Training.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [(lib.pk, lib.name) for lib in libraries]


class ShiftTimesForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("结束时间须晚于开始时间。"))
        return data


class ShiftForm(ShiftTimesForm):
    capacity = forms.IntegerField(label=_("人数"), min_value=1, max_value=500, initial=4)
    occurrence = forms.TypedChoiceField(
        label=_("服务的活动场次"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [("", "—")] + [
            (o.pk, f"{o.event.title} · {timezone.localtime(o.starts_at):%Y-%m-%d %H:%M}")
            for o in occurrences
        ]


class ShiftCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)


class HoursForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("认定时长（分钟）"),
        min_value=0,
        max_value=24 * 60,
        required=False,
        help_text=_("留空则按签到签退计算的时长认定。"),
    )
    reason = forms.CharField(label=_("更正原因"), max_length=300, required=False)
