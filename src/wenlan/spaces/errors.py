from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class NoReaderCardError(ValidationError):
    code = "no_reader_card"
    default_message = _("预约需要绑定读者卡。")


class SlotNotBookableError(ValidationError):
    code = "slot_not_bookable"
    default_message = _("该时段不可预约。")


class SlotTakenError(ConflictError):
    code = "slot_taken"
    default_message = _("该时段已被预约，请选择其他时段。")


class InductionRequiredError(ValidationError):
    code = "induction_required"
    default_message = _("使用该设备前须参加安全培训。")


class WeeklyLimitError(ValidationError):
    code = "weekly_limit"
    default_message = _("已超过该设备每周可预约的时长。")
