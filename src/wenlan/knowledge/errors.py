from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import NotFoundError, ValidationError


class ArticleInvalidError(ValidationError):
    code = "article_invalid"
    default_message = _("文章内容有误。")


class UnknownTopicError(ValidationError):
    code = "unknown_topic"
    default_message = _("没有这个主题。")


class ArticleNotFoundError(NotFoundError):
    code = "article_not_found"
    default_message = _("找不到这篇文章。")
