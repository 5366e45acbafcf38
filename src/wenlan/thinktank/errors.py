from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class FeedRefusedError(ValidationError):
    """A feed not read at all: nothing of it is stored."""

    code = "feed_refused"
    default_message = _("订阅源无法读取。")


class BulletinStateError(ConflictError):
    code = "bulletin_state"
    default_message = _("简报当前状态不允许这一操作。")


class BulletinEmptyError(ValidationError):
    code = "bulletin_empty"
    default_message = _("简报还没有任何条目。")


class AttachmentRefusedError(ValidationError):
    code = "attachment_refused"
    default_message = _("附件不被接受。")


class ConsultingStateError(ConflictError):
    code = "consulting_state"
    default_message = _("咨询当前状态不允许这一操作。")
