from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.thinktank.enums import (
    ClippingKind,
    ClippingLanguage,
    FeedbackKind,
    RequesterKind,
    SubmissionChannel,
)
from wenlan.thinktank.models import Topic

_ANY = [("", _("全部"))]
_DATE = forms.DateInput(attrs={"type": "date"})


class ClippingFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=256)
    topic = forms.ModelChoiceField(label=_("专题"), queryset=Topic.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=_ANY + ClippingKind.choices, required=False)
    source = forms.CharField(label=_("来源"), required=False, max_length=200)
    since = forms.DateField(label=_("起始日期"), required=False, widget=_DATE)
    until = forms.DateField(label=_("截止日期"), required=False, widget=_DATE)


class ClippingForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=500)
    source = forms.CharField(label=_("来源"), max_length=200)
    author = forms.CharField(label=_("作者"), max_length=200, required=False)
    published_on = forms.DateField(label=_("日期"), widget=_DATE)
    kind = forms.ChoiceField(label=_("类别"), choices=ClippingKind.choices)
    language = forms.ChoiceField(label=_("语言"), choices=ClippingLanguage.choices)
    summary = forms.CharField(
        label=_("摘要"), widget=forms.Textarea, required=False, max_length=20_000
    )
    body = forms.CharField(
        label=_("全文或节选"), widget=forms.Textarea, required=False, max_length=200_000
    )
    link = forms.URLField(label=_("链接"), max_length=1000, required=False, assume_scheme="https")
    tags = forms.CharField(label=_("标签（逗号分隔）"), max_length=500, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("专题"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class TopicForm(forms.Form):
    slug = forms.SlugField(label=_("代码"), max_length=60)
    name_zh = forms.CharField(label=_("名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=100, required=False)
    keywords = forms.CharField(
        label=_("提醒关键词（每行一个）"), widget=forms.Textarea, required=False, max_length=2000
    )


class FeedForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    url = forms.CharField(label=_("地址（http/https）"), max_length=1000, required=False)
    path = forms.CharField(label=_("或：订阅源目录中的文件名"), max_length=500, required=False)
    topic = forms.ModelChoiceField(label=_("专题"), queryset=Topic.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=ClippingKind.choices)


class SeriesForm(forms.Form):
    slug = forms.SlugField(label=_("代码"), max_length=60)
    name_zh = forms.CharField(label=_("名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=100, required=False)
    issuer = forms.CharField(label=_("编印单位"), max_length=200, required=False)


class SubmissionForm(forms.Form):
    office = forms.CharField(label=_("报送单位"), max_length=200)
    submitted_on = forms.DateField(label=_("报送日期"), widget=_DATE)
    channel = forms.ChoiceField(label=_("报送方式"), choices=SubmissionChannel.choices)


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=FeedbackKind.choices)
    received_on = forms.DateField(label=_("日期"), widget=_DATE)
    by_whom = forms.CharField(label=_("批示人或采纳单位"), max_length=200)
    text = forms.CharField(
        label=_("内容"), widget=forms.Textarea, required=False, max_length=10_000
    )


class SessionRequestForm(forms.Form):
    requester = forms.CharField(label=_("代表/委员"), max_length=100)
    requester_kind = forms.ChoiceField(label=_("身份"), choices=RequesterKind.choices)
    delegation = forms.CharField(label=_("代表团或界别"), max_length=100, required=False)
    question = forms.CharField(label=_("咨询问题"), widget=forms.Textarea, max_length=5000)
    due_at = forms.DateTimeField(
        label=_("答复期限"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class DeskLogForm(forms.Form):
    place = forms.CharField(label=_("地点"), max_length=100)
    note = forms.CharField(label=_("服务记录"), widget=forms.Textarea, max_length=5000)


class ProductForm(forms.Form):
    slug = forms.SlugField(label=_("代码"), max_length=60)
    title_zh = forms.CharField(label=_("标题"), max_length=200)
    title_en = forms.CharField(label=_("英文标题"), max_length=200, required=False)
    intro_zh = forms.CharField(
        label=_("导语"), widget=forms.Textarea, required=False, max_length=5000
    )
    intro_en = forms.CharField(
        label=_("英文导语"), widget=forms.Textarea, required=False, max_length=5000
    )
