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
