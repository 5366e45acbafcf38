import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenlan.events.enums import EventCategory
from wenlan.events.selectors.events import CalendarFilters


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("从"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("到"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    library = forms.ChoiceField(label=_("区县或图书馆"), required=False)
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部"))] + EventCategory.choices
    )
    age = forms.IntegerField(label=_("适合年龄"), required=False, min_value=0, max_value=120)
    free = forms.BooleanField(label=_("只看免费"), required=False)
    seats = forms.BooleanField(label=_("只看有名额"), required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    radius = forms.FloatField(
        label=_("距离（公里）"), required=False, min_value=0.5, max_value=100, initial=5
    )

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", _("全部"))] + [
            (library.code, library.name) for library in libraries
        ]

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("请同时提供纬度和经度。"))
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data

    def active_count(self) -> int:
        """How many filters the reader has set, shown on the folded filter panel."""
        if not self.is_valid():
            return 0
        data = self.cleaned_data
        named = ("q", "date_from", "date_to", "library", "category", "age", "free", "seats")
        return sum(data.get(name) not in (None, "", False) for name in named) + (
            data.get("lat") is not None
        )

    def to_filters(self, **overrides) -> CalendarFilters:
        data = self.cleaned_data if self.is_valid() else {}
        near = (data["lat"], data["lon"]) if data.get("lat") is not None else None
        values = dict(
            query=data.get("q", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            library_code=data.get("library", ""),
            category=data.get("category", ""),
            age=data.get("age"),
            free_only=bool(data.get("free")),
            has_seats=bool(data.get("seats")),
            near=near,
            radius_km=data.get("radius") or 5.0,
        )
        values.update(overrides)
        return CalendarFilters(**values)


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def year_month(self, today: dt.date) -> tuple[int, int]:
        if self.is_valid() and self.cleaned_data.get("month"):
            year, month = self.cleaned_data["month"].split("-")
            return int(year), int(month)
        return today.year, today.month


class CheckInForm(forms.Form):
    """The door's one field takes a ticket's code; with an occurrence chosen, also
    a reader's e-card or card number (a card number is up to 40 characters, an
    e-card's content about 60)."""

    occurrence = forms.TypedChoiceField(
        label=_("签到场次"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("按读者证或电子读者证签到时选择；票券在任何场次都可直接签到。"),
    )
    code = forms.CharField(
        label=_("票券码或读者证"),
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "inputmode": "text",
                "enterkeyhint": "go",
            }
        ),
    )

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [
            ("", _("（只按票券签到）")),
            *(
                (o.pk, f"{timezone.localtime(o.starts_at):%H:%M} {o.event.title}")
                for o in occurrences
            ),
        ]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    description = forms.CharField(
        label=_("活动内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("做什么、怎么做、由谁来讲或带领。"),
    )
    audience = forms.CharField(
        label=_("面向人群"), max_length=200, help_text=_("例如：小学生家庭、退休读者。")
    )
    category = forms.ChoiceField(label=_("类别"), choices=EventCategory.choices)
    library = forms.ChoiceField(label=_("希望举办的图书馆"))
    preferred_date = forms.DateField(
        label=_("希望日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    preferred_time = forms.CharField(
        label=_("希望时段"),
        max_length=100,
        required=False,
        help_text=_("例如：周六下午 2 点到 4 点。"),
    )
    expected_people = forms.IntegerField(label=_("预计人数"), min_value=1, max_value=500)
    needs = forms.CharField(
        label=_("需要的支持"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("场地、设备、宣传等。"),
    )
    club = forms.ChoiceField(label=_("代表阅读组织"), required=False)

    def __init__(self, *args, libraries=(), clubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [(str(lib.pk), lib.name) for lib in libraries]
        if clubs:
            self.fields["club"].choices = [("", _("个人提议"))] + [
                (str(c.pk), c.name) for c in clubs
            ]
        else:
            del self.fields["club"]


class ProposalApproveForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("名额"), min_value=0, max_value=5000)
    room = forms.CharField(label=_("场地"), max_length=200)
    note = forms.CharField(label=_("审核意见"), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("结束时间必须晚于开始时间。"))
        return data


class ProposalRejectForm(forms.Form):
    note = forms.CharField(label=_("原因"), max_length=1000)


class ClubForm(forms.Form):
    name_zh = forms.CharField(label=_("组织名称"), max_length=200)
    name_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("网址标识"),
        max_length=64,
        help_text=_("小写字母、数字和连字符，例如 xihu-poetry。"),
    )
    description_zh = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 4}))
    meets_zh = forms.CharField(
        label=_("活动安排"),
        max_length=200,
        required=False,
        help_text=_("例如：每月第二个周六下午。"),
    )
    library = forms.ChoiceField(label=_("联系图书馆"))

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [(str(lib.pk), lib.name) for lib in libraries]
