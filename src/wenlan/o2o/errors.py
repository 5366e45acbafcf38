from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError
from wenlan.o2o.enums import HandOnRefusal, YueduRefusal


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


class HandOnRefusedError(ConflictError):
    """悦享: an offer or an acceptance a rule refuses; each rule is a subclass."""

    code = "handon_refused"
    default_message = _("不能转借这本书。")


class HandOnOverdueError(HandOnRefusedError):
    code = HandOnRefusal.OVERDUE.value
    default_message = _("这本书已逾期，请先到图书馆归还，不能转借。")


class HandOnHoldsWaitingError(HandOnRefusedError):
    code = HandOnRefusal.HOLDS_WAITING.value
    default_message = _("有读者在预约这本书，请按期归还，不能转借。")


class HandOnClosedError(HandOnRefusedError):
    code = HandOnRefusal.CLOSED.value
    default_message = _("这个转借码已被接受、撤回或已过期。")


class HandOnSelfError(HandOnRefusedError):
    code = HandOnRefusal.SELF.value
    default_message = _("不能把书转借给自己。")


class HandOnNotForYouError(HandOnRefusedError):
    code = HandOnRefusal.NOT_FOR_YOU.value
    default_message = _("这本书转借给了另一位读者。")


HANDON_ERRORS: dict[str, type[HandOnRefusedError]] = {
    error.code: error
    for error in (
        HandOnOverdueError,
        HandOnHoldsWaitingError,
        HandOnClosedError,
        HandOnSelfError,
        HandOnNotForYouError,
    )
}


class HandOnNotFoundError(NotFoundError):
    code = "handon_not_found"
    default_message = _("找不到这个转借码，请核对后重新输入。")


class NoReaderCardError(NotFoundError):
    code = "no_reader_card"
    default_message = _("此账号没有关联的读者卡。")


class AlreadyHeldError(ConflictError):
    """悦购: the suggested ISBN is in the catalog with copies; the reader may place a hold."""

    code = "suggestion_already_held"
    default_message = _("馆藏中已有这本书，可以直接预约，无需荐购。")

    def __init__(self, message=None, *, record_id: int | None = None, **params):
        self.record_id = record_id
        super().__init__(message, **params)


class SuggestionDuplicateError(ConflictError):
    code = "suggestion_duplicate"
    default_message = _("您已推荐过这本书，正在处理中。")


class SuggestionStateError(ConflictError):
    code = "suggestion_state"
    default_message = _("这条荐购已被处理，请刷新页面。")


class SuggestionTitleRequiredError(ValidationError):
    code = "suggestion_title_required"
    default_message = _("请填写 ISBN 或题名。")


class DeclineReasonRequiredError(ValidationError):
    code = "decline_reason_required"
    default_message = _("请填写未采纳的原因，读者会收到这条说明。")


class BarcodeTakenError(ConflictError):
    code = "barcode_taken"
    default_message = _("该条码已被其他单册使用。")


class ListingUnavailableError(ConflictError):
    code = "listing_unavailable"
    default_message = _("这本书已售罄或已下架，暂不能订购。")


class StoreOrderDuplicateError(ConflictError):
    code = "store_order_duplicate"
    default_message = _("您已订购这本书，请等待书店通知取书。")


class StoreOrderStateError(ConflictError):
    code = "store_order_state"
    default_message = _("订单状态已变化，请刷新页面。")


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
