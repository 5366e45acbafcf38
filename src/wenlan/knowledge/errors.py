from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError


class ArticleInvalidError(ValidationError):
    code = "article_invalid"
    default_message = _("文章内容有误。")


class UnknownTopicError(ValidationError):
    code = "unknown_topic"
    default_message = _("没有这个主题。")


class ArticleNotFoundError(NotFoundError):
    code = "article_not_found"
    default_message = _("找不到这篇文章。")


class SlugTakenError(ConflictError):
    code = "slug_taken"
    default_message = _("这个标识已被另一篇文章使用。")


class GeneratedArticleError(ValidationError):
    code = "article_generated"
    default_message = _(
        "图书馆信息页由图书馆的资料自动生成，请在管理后台修改图书馆的地址、电话和开放时间。"
    )
