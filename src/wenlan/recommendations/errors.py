from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import WenlanError


class NoReaderCardError(WenlanError):
    code = "recs_no_reader_card"
    status = 404
    default_message = _("没有与此账号关联的读者证。")


class SegmentNotFoundError(WenlanError):
    code = "recs_segment_not_found"
    status = 404
    default_message = _("找不到这个读者群。")


class EventNotOpenError(WenlanError):
    code = "recs_event_not_open"
    status = 409
    default_message = _("只能向读者群推送已发布且尚未结束的活动。")


class SegmentTooSmallError(WenlanError):
    code = "recs_segment_too_small"
    status = 409
    default_message = _("这个读者群不足 10 人，不能推送。")


class AlreadyAnnouncedError(WenlanError):
    code = "recs_already_announced"
    status = 409
    default_message = _("这个活动已经推送给这个读者群。")


class TrainingRunningError(WenlanError):
    code = "recs_training_running"
    status = 409
    default_message = _("推荐模型正在训练，请稍后再试。")


class LabelTooLongError(WenlanError):
    code = "recs_label_too_long"
    status = 400
    default_message = _("名称最多 40 个字。")
