from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wenlan.accounts import services
from wenlan.core.errors import RateLimitedError
from wenlan.core.middleware import client_address


class ThrottledLoginMixin:
    """Wrong passwords are limited per account and per address; the form says how
    long to wait."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("卡号/用户名或密码不正确。"),
    }

    def clean(self):
        username = (self.data.get("username") or "").strip()
        if not username or not self.data.get("password"):
            return super().clean()  # the required fields say what is missing
        address = client_address(self.request) if self.request else ""
        try:
            attempt = services.login_attempt_begin(username=username, address=address)
        except RateLimitedError as error:
            raise forms.ValidationError(str(error), code=error.code) from error
        cleaned = super().clean()  # a refusal raises here and stays counted
        services.login_attempt_end(attempt=attempt, succeeded=True)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("读者卡号或用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("语言"), choices=())
    next = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class AuditFilterForm(forms.Form):
    """The audit log's filters: who looked, at which reader, what kind of access, when."""

    actor = forms.ChoiceField(label=_("工作人员"), required=False)
    reader = forms.CharField(
        label=_("被查看的读者"),
        required=False,
        max_length=100,
        help_text=_("读者卡号或姓名"),
    )
    action = forms.ChoiceField(label=_("操作类型"), required=False)
    date_from = forms.DateField(
        label=_("从"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("到"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actors=(), **kwargs):
        from wenlan.core.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("全部"))] + [(name, name) for name in actors]
        self.fields["action"].choices = [("", _("全部"))] + list(AuditAction.choices)

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data
