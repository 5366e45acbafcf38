from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class EventNotOpenError(ValidationError):
    code = "event_not_open"
    default_message = _("该活动目前不接受报名。")


class RegistrationWindowError(ValidationError):
    code = "registration_closed"
    default_message = _("不在报名时间内。")


class RegistrationLimitError(ConflictError):
    code = "registration_limit"
    default_message = _("您在本活动的报名场次已达上限。")


class ReaderBlockedError(ValidationError):
    code = "reader_blocked"
    default_message = _("您近期多次报名后未到场，暂时不能报名活动。")


class NoReaderCardError(ValidationError):
    code = "no_reader_card"
    default_message = _("报名活动需要绑定读者卡。")


class TicketNotValidError(ValidationError):
    code = "ticket_not_valid"
    default_message = _("票券无效。")


class AlreadyCheckedInError(ConflictError):
    code = "already_checked_in"
    default_message = _("该票券已签到。")


class EventTransitionError(ConflictError):
    code = "event_transition"
    default_message = _("活动当前状态不允许此操作。")


class ProposalStateError(ConflictError):
    code = "proposal_state"
    default_message = _("该提议已处理。")


class NotClubOrganiserError(ValidationError):
    code = "not_club_organiser"
    default_message = _("只有阅读组织的组织者可以代表组织提议活动。")
