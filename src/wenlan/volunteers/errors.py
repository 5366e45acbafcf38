from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class NoReaderCardError(ValidationError):
    code = "no_reader_card"
    default_message = _("志愿服务需要绑定读者卡。")


class IdNumberInvalidError(ValidationError):
    code = "id_number_invalid"
    default_message = _("身份证号无效：请核对 18 位号码及最后一位校验码。")


class NotApprovedError(ValidationError):
    code = "volunteer_not_approved"
    default_message = _("您的志愿者申请尚未通过审核。")


class AlreadyDecidedError(ConflictError):
    code = "volunteer_already_decided"
    default_message = _("该申请已审核过。")


class ShiftFullError(ConflictError):
    code = "shift_full"
    default_message = _("该班次已满员。")


class ShiftClosedError(ValidationError):
    code = "shift_closed"
    default_message = _("该班次已取消或已开始，不能报名。")


class NotQualifiedError(ValidationError):
    code = "volunteer_not_qualified"
    default_message = _("不符合该岗位的要求（技能或培训）。")


class SwapRefusedError(ValidationError):
    code = "swap_refused"
    default_message = _("无法换班。")


class CheckInRefusedError(ValidationError):
    code = "shift_checkin_refused"
    default_message = _("签到码无效。")


class HoursInvalidError(ValidationError):
    code = "hours_invalid"
    default_message = _("服务时长有误。")


class NoHoursError(ValidationError):
    code = "no_approved_hours"
    default_message = _("还没有经认定的服务时长。")
