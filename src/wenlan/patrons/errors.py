from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class CardAlreadyRegisteredError(ConflictError):
    code = "card_registered"
    default_message = _("该读者卡已开通网上账号，请直接登录。")


class CardOwnershipError(ValidationError):
    code = "card_ownership"
    default_message = _("该读者卡已在馆内登记，请填写登记时留下的手机号码。")
