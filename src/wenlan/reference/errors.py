from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)


class QuestionTextRequiredError(ValidationError):
    code = "question_text_required"
    default_message = _("请写下您的问题。")


class QuestionTooLongError(ValidationError):
    code = "question_too_long"
    default_message = _("问题请控制在 %(limit)s 字以内。")


class ContactRequiredError(ValidationError):
    code = "question_contact_required"
    default_message = _("请留下电子邮箱，以便馆员答复您。")


class OnBehalfOfRequiredError(ValidationError):
    code = "question_on_behalf_of_required"
    default_message = _("请注明代哪位读者提问（on_behalf_of）。")


class NotFilingPartnerError(PermissionDeniedError):
    code = "question_partner_unknown"
    default_message = _("只有咨询联盟合作馆的账号可以代读者提问。")


class QuestionStateError(ConflictError):
    code = "question_state"
    default_message = _("该咨询的状态已改变，请刷新后重试。")


class QuestionTakenError(ConflictError):
    code = "question_taken"
    default_message = _("该咨询已由其他馆员受理。")


class AssigneeNotLibrarianError(ValidationError):
    code = "question_assignee_not_librarian"
    default_message = _("只能指派给参考咨询馆员。")


class AnswerRequiredError(ValidationError):
    code = "question_answer_required"
    default_message = _("请填写答复内容。")


class NoteRequiredError(ValidationError):
    code = "question_note_required"
    default_message = _("请填写备注内容。")


class NotInAllianceError(ValidationError):
    code = "referral_not_in_alliance"
    default_message = _("该机构不是咨询联盟的合作馆。")


class ReferralOpenError(ConflictError):
    code = "referral_open"
    default_message = _("该咨询已转介，合作馆尚未答复。")


class ReferralStateError(ConflictError):
    code = "referral_state"
    default_message = _("该转介已答复或已婉拒。")


class NoReaderCardError(NotFoundError):
    code = "no_reader_card"
    default_message = _("此账号没有关联的读者卡。")
