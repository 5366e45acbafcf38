from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Language
from wenlan.reference.enums import QuestionCategory
from wenlan.reference.policies import normalise_language


class AskForm(forms.Form):
    """A question to a librarian. A signed-in reader gives no contact: the answer
    comes to their account; a visitor leaves a name and an e-mail address."""

    text = forms.CharField(
        label=_("您的问题"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请尽量写清楚您想了解什么、已经查过哪些资料。"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=QuestionCategory.choices)
    language = forms.ChoiceField(
        label=_("希望用哪种语言答复"),
        choices=[(Language.ZH_HANS.value, _("中文")), (Language.EN.value, _("英文"))],
    )
    contact_name = forms.CharField(label=_("称呼"), max_length=100)
    contact_email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        help_text=_("答复会通过邮件通知您，邮件中有查看答复的专用链接。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, signed_in: bool, **kwargs):
        kwargs.setdefault("auto_id", "ask-%s")
        super().__init__(*args, **kwargs)
        limit = settings.WENLAN_REFERENCE_QUESTION_MAX_CHARS
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["category"].initial = QuestionCategory.OTHER
        self.fields["language"].initial = normalise_language(
            get_language() or "", default=settings.LANGUAGE_CODE
        )
        if signed_in:
            del self.fields["contact_name"]
            del self.fields["contact_email"]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("内部备注"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复读者"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("读者会看到这段答复和下面的来源；内部备注不会给读者看。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "answer-%s")
        super().__init__(*args, **kwargs)


class SourceForm(forms.Form):
    title = forms.CharField(label=_("题名"), max_length=300, required=False)
    publisher = forms.CharField(label=_("出版者或发布机构"), max_length=200, required=False)
    url = forms.CharField(label=_("网址"), max_length=500, required=False)
    date = forms.CharField(
        label=_("日期"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "2011-06-24"}),
    )


SourceFormSet = forms.formset_factory(SourceForm, extra=3, max_num=20, validate_max=True)


class ReferForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("转介给"), coerce=int, choices=())
    note = forms.CharField(
        label=_("转介说明"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("合作馆会看到问题和这段说明，看不到读者的姓名和联系方式。"),
    )

    def __init__(self, *args, partners=(), **kwargs):
        kwargs.setdefault("auto_id", "refer-%s")
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(p.pk, p.name_zh) for p in partners]


class ReferralAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("合作馆答复"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    declined = forms.BooleanField(label=_("无法解答，婉拒此转介"), required=False)

    def __init__(self, *args, prefix_id: str = "referral", **kwargs):
        kwargs.setdefault("auto_id", prefix_id + "-%s")
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("哪里没有解答您的问题？"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FaqPublishForm(forms.Form):
    """The question and answer as the public will read them: rewritten without
    anything personal."""

    question_zh = forms.CharField(label=_("问题（中文）"), max_length=200)
    answer_zh = forms.CharField(
        label=_("答复（中文）"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    question_en = forms.CharField(label=_("问题（英文，可不填）"), max_length=200, required=False)
    answer_en = forms.CharField(
        label=_("答复（英文，可不填）"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    topics = forms.MultipleChoiceField(
        label=_("主题"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, topics=(), **kwargs):
        kwargs.setdefault("auto_id", "faq-%s")
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.slug, t.name_zh) for t in topics]
