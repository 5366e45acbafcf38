from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, ValidationError


class VideoRejectedError(ValidationError):
    code = "video_rejected"
    default_message = _("只接受 MP4 或 WebM 视频。")


class UploadTooLargeError(ValidationError):
    code = "upload_too_large"
    default_message = _("文件过大。")


class CaptionsRejectedError(ValidationError):
    code = "captions_rejected"
    default_message = _("字幕须为 WebVTT 文件（以 WEBVTT 开头）。")


class CourseNotOpenError(ValidationError):
    code = "course_not_open"
    default_message = _("该课程尚未发布。")


class NoReaderCardError(ValidationError):
    code = "no_reader_card"
    default_message = _("学习课程需要绑定读者卡。")


class QuizAttemptsUsedError(ConflictError):
    code = "quiz_attempts_used"
    default_message = _("本测验的作答次数已用完。")


class QuizAnswerError(ValidationError):
    code = "quiz_answer"
    default_message = _("请回答每一道题。")


class ClassNotOpenError(ValidationError):
    code = "class_not_open"
    default_message = _("该班级目前不接受报名。")


class CheckInRefusedError(ValidationError):
    code = "checkin_refused"
    default_message = _("签到码无效。")


class NotCompletedError(ValidationError):
    code = "course_not_completed"
    default_message = _("尚未达到该课程的结业要求。")


class CartridgeError(ValidationError):
    code = "cartridge_invalid"
    default_message = _("无法导入该课程包。")
