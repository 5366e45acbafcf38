from django import forms
from django.utils.translation import gettext_lazy as _

NETWORK = "network"


class PeriodForm(forms.Form):
    """The dashboard's view and period (GET): a library or the network, two months."""

    view = forms.ChoiceField(label=_("范围"), required=False)
    month_from = forms.CharField(
        label=_("起始月份"), required=False, widget=forms.DateInput(attrs={"type": "month"})
    )
    month_to = forms.CharField(
        label=_("截止月份"), required=False, widget=forms.DateInput(attrs={"type": "month"})
    )

    def __init__(self, data, *, libraries, network_allowed: bool):
        super().__init__(data)
        choices = [(NETWORK, _("全网"))] if network_allowed else []
        choices += [(str(lib.pk), lib.name) for lib in libraries]
        self.fields["view"].choices = choices

    def library_id(self) -> int | None:
        value = self.cleaned_data.get("view") if self.is_valid() else None
        if not value or value == NETWORK:
            return None
        return int(value)


class PlanningForm(forms.Form):
    view = forms.ChoiceField(label=_("范围"), required=False)
    weeks = forms.TypedChoiceField(
        label=_("比较的周数"),
        required=False,
        coerce=int,
        empty_value=1,
        choices=[(1, _("最近一周")), (2, _("最近两周")), (4, _("最近四周"))],
    )

    def __init__(self, data, *, libraries, network_allowed: bool):
        super().__init__(data)
        choices = [(NETWORK, _("全网"))] if network_allowed else []
        choices += [(str(lib.pk), lib.name) for lib in libraries]
        self.fields["view"].choices = choices

    def library_id(self) -> int | None:
        value = self.cleaned_data.get("view") if self.is_valid() else None
        if not value or value == NETWORK:
            return None
        return int(value)

    def weeks_value(self) -> int:
        return (self.cleaned_data.get("weeks") or 1) if self.is_valid() else 1


class SuggestionEventForm(forms.Form):
    """A planning suggestion turned into a draft event (POST): its topic and
    evidence in both languages, as the page wrote them whatever its own language."""

    topic_zh = forms.CharField(max_length=100)
    topic_en = forms.CharField(max_length=100, required=False)
    evidence_zh = forms.CharField(max_length=1000)
    evidence_en = forms.CharField(max_length=1000, required=False)
    library = forms.IntegerField()


class SuggestionBooklistForm(SuggestionEventForm):
    """A planning suggestion turned into a draft reading list (POST)."""

    topic_kind = forms.ChoiceField(choices=[("clc", "clc"), ("word", "word")])
    topic_key = forms.CharField(max_length=100)
