from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import NotFoundError, ValidationError


class FeedRefusedError(ValidationError):
    """The whole file is refused (wrong header, not a spreadsheet, a zip bomb…)."""

    code = "ranking_feed_refused"
    default_message = _("数据文件无法读取。")


class FeedSourceNotFoundError(NotFoundError):
    code = "ranking_source_not_found"
    default_message = _("没有这个数据源。")


class PeriodInvalidError(ValidationError):
    code = "ranking_period_invalid"
    default_message = _("期间格式应为 2026-03、2026-Q1 或 2026。")


class RankingNotFoundError(NotFoundError):
    code = "ranking_not_found"
    default_message = _("该期间尚未计算榜单。")


class WeightsInvalidError(ValidationError):
    code = "ranking_weights_invalid"
    default_message = _("权重应为非负数。")
