from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError
from wenlan.o2o.enums import YueduRefusal


class YueduRefusedError(ConflictError):
    """A 悦读 rule refuses the loan; each rule is a subclass with its own code."""

    code = "yuedu_refused"
    default_message = _("该书不符合悦读规则。")


class MonthlyLimitError(YueduRefusedError):
    code = YueduRefusal.MONTHLY_LIMIT.value
    default_message = _("该读者本月悦读已借 %(count)s 册，达到每月 %(limit)s 册的上限。")


class PriceCapError(YueduRefusedError):
    code = YueduRefusal.PRICE_CAP.value
    default_message = _("定价 %(price)s 元，超过单册上限 %(cap)s 元。")


class TooOldError(YueduRefusedError):
    code = YueduRefusal.TOO_OLD.value
    default_message = _("该书出版于 %(year)s 年，悦读只借近 %(years)s 年出版的新书。")


class TextbookError(YueduRefusedError):
    code = YueduRefusal.TEXTBOOK.value
    default_message = _("教材、教辅和考试用书不在悦读范围内（%(reason)s）。")


class EnoughCopiesError(YueduRefusedError):
    code = YueduRefusal.ENOUGH_COPIES.value
    default_message = _("全网已有 %(copies)s 册（上限 %(max)s 册），请到图书馆借阅或预约。")


class BudgetError(YueduRefusedError):
    code = YueduRefusal.BUDGET.value
    default_message = _("本店本月悦读额度仅剩 %(left)s 元，不足以支付 %(price)s 元。")


REFUSAL_ERRORS: dict[str, type[YueduRefusedError]] = {
    error.code: error
    for error in (
        MonthlyLimitError,
        PriceCapError,
        TooOldError,
        TextbookError,
        EnoughCopiesError,
        BudgetError,
    )
}


class NotABookstoreError(ConflictError):
    code = "not_a_bookstore"
    default_message = _("该馆不是开展悦读的合作书店。")


class StoreRequiredError(ValidationError):
    code = "store_required"
    default_message = _("请指明书店。")


class CardNotFoundError(NotFoundError):
    code = "reader_not_found"
    default_message = _("找不到该读者证或电子读者证。")


class TitleRequiredError(ValidationError):
    code = "title_required"
    default_message = _("馆藏目录中没有这个 ISBN，请填写题名和责任者。")


class NotAYueduCopyError(NotFoundError):
    code = "not_a_yuedu_copy"
    default_message = _("该条码不是借出中的悦读新书。")


class SettlementRefusedError(ConflictError):
    code = "settlement_refused"
    default_message = _("不能确认该结算单。")


# --- 悦借 ---------------------------------------------------------------------


class DeliveryEmptyError(ValidationError):
    code = "delivery_empty"
    default_message = _("请至少选择一册在架图书。")


class DeliveryTooManyError(ValidationError):
    code = "delivery_too_many"
    default_message = _("每个订单最多 %(max)s 册。")


class DeliveryAddressError(ValidationError):
    code = "delivery_address"
    default_message = _("请选择配送区域并填写收件地址和电话，或选择一个取书点。")


class CopyNotOnShelfError(ConflictError):
    code = "copy_not_on_shelf"
    default_message = _("《%(title)s》（%(barcode)s）当前状态为“%(status)s”，不能配送。")


class CopyTakenError(ConflictError):
    code = "copy_taken"
    default_message = _("该单册已为另一订单保留或已借出。")


class CopyNotInParcelError(ConflictError):
    code = "copy_not_in_parcel"
    default_message = _("该单册不在这个包裹的拣书单上，也不是单上图书在本馆的在架副本。")


class ParcelStepError(ConflictError):
    code = "parcel_wrong_status"
    default_message = _("包裹当前状态为“%(status)s”，不能%(step)s。")


class ParcelNotReadyError(ConflictError):
    code = "parcel_not_ready"
    default_message = _("还有 %(count)s 册未拣，请先拣书或登记架上未找到。")


class DeliveryNotFoundError(NotFoundError):
    code = "delivery_not_found"
    default_message = _("找不到该悦借订单或包裹。")


class TrackingNumberTakenError(ConflictError):
    code = "tracking_number_taken"
    default_message = _("快递单号 %(number)s 已用于另一个包裹。")


class CompartmentError(ConflictError):
    code = "compartment_unavailable"
    default_message = _("格口 %(number)s 不存在或已有包裹。")


class PickupCodeError(NotFoundError):
    code = "pickup_code_wrong"
    default_message = _("取件码不正确，或包裹不在此取书柜。")


class CollectDeadlineError(ConflictError):
    code = "collect_deadline"
    default_message = _("取件截止时间为 %(deadline)s。")


class UnknownTrackingNumberError(NotFoundError):
    code = "tracking_number_unknown"
    default_message = _("没有这个快递单号的包裹。")
