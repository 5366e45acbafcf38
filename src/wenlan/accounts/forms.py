from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from wenlan.accounts import services
from wenlan.accounts.models import User
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


class EmailPasswordResetForm(PasswordResetForm):
    """Django's reset by e-mail link, for staff (the account's address) and readers
    (the address on their reader record); the message is in the person's language."""

    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        users = User.objects.filter(
            Q(email__iexact=email) | Q(reader__email__iexact=email), is_active=True
        ).distinct()
        return [user for user in users if user.has_usable_password()]

    def save(self, *, request, token_generator, use_https=False, **kwargs):
        email = self.cleaned_data["email"]
        site = request.get_host()
        for user in self.get_users(email):
            context = {
                "email": email,
                "domain": site,
                "site_name": site,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "user": user,
                "token": token_generator.make_token(user),
                "protocol": "https" if use_https else "http",
            }
            with translation.override(user.language):
                self.send_mail(
                    "accounts/password_reset_subject.txt",
                    "accounts/password_reset_email.txt",
                    context,
                    None,
                    email,
                )


class ResetCodeForm(forms.Form):
    username = forms.CharField(
        label=_("读者卡号或用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    code = forms.CharField(
        label=_("重置码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return cleaned
