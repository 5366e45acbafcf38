from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class CardAlreadyRegisteredError(ConflictError):
    code = "card_registered"
    default_message = _("该读者卡已开通网上账号，请直接登录。")


class CardOwnershipError(ValidationError):
    code = "card_ownership"
    default_message = _("该读者卡已在馆内登记，请填写登记时留下的手机号码。")


class ErasureRefusedError(ConflictError):
    """The reader still has copies to return or fines to settle: `reasons` says
    which, one line each, in the active language."""

    code = "erasure_refused"
    default_message = _("注销前请先归还借阅的图书并缴清罚款。")

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(None, reasons=reasons)

    def __str__(self) -> str:
        return " ".join([str(self.message), *self.reasons])


class EcardRefusedError(ValidationError):
    """An e-card's code that is no good in itself (the reader shows a new one)."""


class EcardInvalidError(EcardRefusedError):
    """What was scanned looks like an e-card but is not one Wenlan issued: garbled,
    altered, signed with another key, or for a reader who is no longer there."""

    code = "ecard_invalid"
    default_message = _("电子读者证无效，请刷新二维码后重新出示。")


class EcardExpiredError(EcardRefusedError):
    code = "ecard_expired"
    default_message = _("电子读者证已过期，请刷新二维码后重新出示。")


class CardNotActiveError(ConflictError):
    """The card is suspended or past its date: no e-card is issued for it, and one
    issued before is no longer accepted."""

    code = "card_not_active"
    default_message = _("读者证已停用。")
