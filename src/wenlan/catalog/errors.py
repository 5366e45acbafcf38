from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class RecordInvalidError(ValidationError):
    code = "record_invalid"
    default_message = _("MARC 记录无法导入。")


class BarcodeTakenError(ConflictError):
    code = "barcode_taken"
    default_message = _("条码已被其他单册使用。")


class ItemHasLoanError(ConflictError):
    code = "item_on_loan"
    default_message = _("该单册仍在借出中，不能删除。")
