from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import ConflictError, NotFoundError, ValidationError, WenlanError


class AggregationNotFoundError(NotFoundError):
    code = "aggregation_not_found"
    default_message = _("没有这项统计。")


class AggregationParameterError(ValidationError):
    code = "aggregation_parameter_invalid"
    default_message = _("统计参数有误。")


class ExportSupersededError(ConflictError):
    code = "analytics_export_superseded"
    default_message = _("另一次导出已先完成，本次导出未生效，请重新运行。")


class ExportRunningError(ConflictError):
    code = "analytics_export_running"
    default_message = _("另一次导出正在进行，请稍后再运行。")


class EngineUnavailableError(WenlanError):
    code = "analytics_engine_unavailable"
    status = 503
    default_message = _("统计引擎不可用。")


class JavaMissingError(EngineUnavailableError):
    code = "analytics_java_missing"
    default_message = _("Spark 需要 Java 17（Debian：apt-get install openjdk-17-jre-headless）。")


class ManifestDamagedError(WenlanError):
    code = "analytics_manifest_damaged"
    status = 500
    default_message = _(
        "统计数据的清单缺失或损坏：请删除 WENLAN_ANALYTICS_URI 下的数据后重新导出。"
    )
