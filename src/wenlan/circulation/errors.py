from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError


class ItemNotFoundError(NotFoundError):
    code = "item_not_found"
    default_message = _("找不到该条码的单册。")


class ReaderNotFoundError(NotFoundError):
    code = "reader_not_found"
    default_message = _("找不到该读者证。")


class ReaderBlockedError(ConflictError):
    code = "reader_blocked"
    default_message = _("该读者暂不能借书。")

    def __init__(self, message=None, *, reasons=(), **params):
        self.reasons = list(reasons)
        super().__init__(message, **params)


class ItemNotLoanableError(ConflictError):
    code = "item_not_loanable"
    default_message = _("该单册不外借。")


class ItemUnavailableError(ConflictError):
    code = "item_unavailable"
    default_message = _("该单册当前不能借出。")


class ItemOnHoldError(ConflictError):
    code = "item_on_hold"
    default_message = _("该单册已为其他读者保留。")


class AlreadyOnLoanError(ConflictError):
    code = "item_on_loan"
    default_message = _("该单册已借出。")


class LoanLimitError(ConflictError):
    code = "loan_limit"
    default_message = _("已达到可借册数上限。")


class RenewalRefusedError(ConflictError):
    code = "renewal_refused"
    default_message = _("该借阅不能续借。")


class LoanNotFoundError(NotFoundError):
    code = "loan_not_found"
    default_message = _("该单册没有借出记录。")


class HoldRefusedError(ConflictError):
    code = "hold_refused"
    default_message = _("不能预约该书。")


class HoldNotFoundError(NotFoundError):
    code = "hold_not_found"
    default_message = _("找不到该预约。")


class PolicyInvalidError(ValidationError):
    code = "policy_invalid"
    default_message = _("流通规则有误。")


class PullNotListedError(ConflictError):
    code = "pull_not_listed"
    default_message = _("本馆提书单上没有等待此书的预约。")
