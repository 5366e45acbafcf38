from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError


class TurnNotFoundError(NotFoundError):
    code = "robot_turn_not_found"
    default_message = _("找不到这条对话。")


class ConversationNotFoundError(NotFoundError):
    code = "robot_conversation_not_found"
    default_message = _("找不到这段对话，请重新提问。")


class FeedbackNotAllowedError(ConflictError):
    code = "robot_feedback_not_allowed"
    default_message = _("只能评价机器人给出的回答。")
