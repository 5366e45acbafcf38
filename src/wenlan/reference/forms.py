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
    language = forms.ChoiceField(label=_("希望用哪种语言答复"), choices=Language.choices)
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
