from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Language
from wenlan.patrons.enums import ReaderCategory
from wenlan.patrons.models import (
    Reader,
    birth_year_validators,
    card_number_validator,
    phone_validator,
)


class SignupForm(forms.Form):
    """Every field is checked here, so that all that is wrong is said at once;
    nothing here depends on whether the card exists."""

    card_number = forms.CharField(
        label=_("读者卡号"),
        max_length=40,
        validators=[card_number_validator],
        help_text=_("已办卡的读者填写卡号；新读者可使用身份证号作为卡号。"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    name = forms.CharField(label=_("姓名"), max_length=100)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    category = forms.ChoiceField(label=_("读者类型"), choices=ReaderCategory.choices)
    birth_year = forms.IntegerField(
        label=_("出生年份"),
        required=False,
        validators=birth_year_validators,
        help_text=_("选填，只记年份，用于按年龄段统计借阅。"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    home_library = forms.ChoiceField(label=_("常去的图书馆"), choices=())
    password1 = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_library"].choices = [(lib.pk, lib.name) for lib in libraries]
        self.fields["category"].choices = [
            c for c in ReaderCategory.choices if c[0] != ReaderCategory.INSTITUTION
        ]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and password != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        if password:
            someone = get_user_model()(
                username=(cleaned.get("card_number") or "").upper(),
                first_name=cleaned.get("name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                validate_password(password, someone)
            except DjangoValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("通知与界面语言"), choices=Language.choices)

    class Meta:
        model = Reader
        fields = ["name", "phone", "email", "birth_year", "language"]
        widgets = {
            "birth_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "autocomplete": "bday-year"}
            )
        }


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Reader
        fields = [
            "keep_reading_history",
            "allow_recommendations",
            "allow_analytics",
            "email_notices",
        ]


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("输入密码以确认"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("我明白注销后个人数据将被永久删除，无法恢复。"))


class ReaderSearchForm(forms.Form):
    q = forms.CharField(label=_("卡号、姓名或手机号后四位"), required=False, max_length=100)
