"""Domain errors. Each has a stable `code`, an HTTP status for the API and a
translated message for people."""

from django.utils.translation import gettext_lazy as _


class WenlanError(Exception):
    code = "error"
    status = 400
    default_message = _("请求无法完成。")

    def __init__(self, message=None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotAuthenticatedError(WenlanError):
    code = "not_authenticated"
    status = 401
    default_message = _("请先登录。")


class PermissionDeniedError(WenlanError):
    code = "permission_denied"
    status = 403
    default_message = _("您没有执行此操作的权限。")


class NotFoundError(WenlanError):
    code = "not_found"
    status = 404
    default_message = _("找不到该记录。")


class ValidationError(WenlanError):
    code = "invalid"
    status = 422
    default_message = _("输入有误。")

    def __init__(self, message=None, *, field: str | None = None, **params):
        self.field = field
        super().__init__(message, **params)


class ConflictError(WenlanError):
    code = "conflict"
    status = 409
    default_message = _("该记录已被修改或已存在。")


class BusyError(WenlanError):
    code = "busy"
    status = 503
    default_message = _("系统繁忙，请稍后重试。")


class RateLimitedError(WenlanError):
    code = "rate_limited"
    status = 429
    default_message = _("尝试次数过多，请稍后再试。")
