"""The dashboard's figures: which libraries an actor may look at, and every figure
of one view (a library, or the network) for a period, read from the analytics
export in one opening of it (analytics.engines), never from the live tables.

Each figure has its rows (cells covering fewer than the minimum of readers masked,
policies.cells_mask), its columns with their labels, and a line saying how it is
counted; the page draws it, the Excel export writes the same rows."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.analytics.engines import aggregations_run_many
from wenlan.analytics.selectors import current_export_id, export_has_rollups
from wenlan.catalog.selectors.search import CLC_CLASSES
from wenlan.core.cache import process_cached
from wenlan.core.errors import PermissionDeniedError
from wenlan.core.i18n import translated
from wenlan.insights import o2o_figure, policies, rollup_figures
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.patrons.enums import AgeBand, ReaderCategory

# How long a view's rows are kept in the process (they cannot go stale: the key
# holds the export's id); only bounds the memory of views nobody opens again.
CACHE_SECONDS = 3600

WEEKDAYS = (
    gettext_lazy("周一"), gettext_lazy("周二"), gettext_lazy("周三"), gettext_lazy("周四"),
    gettext_lazy("周五"), gettext_lazy("周六"), gettext_lazy("周日"),
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Figure:
    key: str
    title: str
    how: str  # how it is counted, in a line
    chart: str  # bar, line, heatmap, pie (the page's script draws it)
    columns: list[Column]
    rows: list[dict[str, Any]]
    suppressed: int = 0
    x: str = ""  # the column along the axis
    series: tuple[str, ...] = ()  # the columns drawn
    group: str = ""  # stacked: the column whose values make the series

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "chart": self.chart,
            "x": self.x,
            "series": [{"key": s, "label": self._label(s)} for s in self.series],
            "group": self.group,
            "rows": [{k: _plain(v) for k, v in row.items()} for row in self.rows],
        }

    def table(self) -> list[list[str]]:
        """The rows as the page's table shows them: a masked cell as "<10"."""
        return [
            [
                policies.SUPPRESSED
                if row.get("suppressed") and row.get(c.key) is None
                else ("—" if row.get(c.key) is None else str(_plain(row[c.key])))
                for c in self.columns
            ]
            for row in self.rows
        ]

    def _label(self, key: str) -> str:
        return next((c.label for c in self.columns if c.key == key), key)


@dataclass
class Dashboard:
    library: Library | None  # None: the whole network
    libraries: list[Library]  # those the actor may choose
    network_allowed: bool
    period: policies.Period
    export_id: str | None
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def suppressed(self) -> int:
        return sum(f.suppressed for f in self.figures)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


@dataclass(frozen=True)
class FigureSpec:
    key: str
    title: Any
    how: Any
    chart: str
    columns: tuple[tuple[str, Any], ...]
    x: str
    series: tuple[str, ...]
    values: tuple[str, ...]  # masked with the readers count below the minimum
    readers: str | None = "readers"
    group: str = ""


LOANS, RETURNS, READERS = gettext_lazy("借阅"), gettext_lazy("归还"), gettext_lazy("读者数")
MONTH = gettext_lazy("月份")
FIGURES = (
    FigureSpec(
        "by_day", gettext_lazy("每日借还"),
        gettext_lazy("每天的借出与归还册次（本地日期）；读者数为当天借书的不同读者。"),
        "line", (("local_date", gettext_lazy("日期")), ("loans", LOANS), ("returns", RETURNS),
                 ("readers", READERS)),
        "local_date", ("loans", "returns"), ("loans", "returns"),
    ),
    FigureSpec(
        "hour_of_week", gettext_lazy("一周中的借阅时段"),
        gettext_lazy("按星期与钟点（本地时间）统计的借出册次：颜色越深越忙。"),
        "heatmap", (("day", gettext_lazy("星期")), ("hour", gettext_lazy("钟点")),
                    ("loans", LOANS), ("readers", READERS)),
        "hour", ("loans",), ("loans",),
    ),
    FigureSpec(
        "active", gettext_lazy("活跃读者"),
        gettext_lazy("每月有任何流通（借、还、续借、预约）的不同读者；一位读者在一个月里只计一次。"),
        "bar", (("month", MONTH), ("readers", READERS)), "month", ("readers",), (),
    ),
    FigureSpec(
        "new", gettext_lazy("新读者"),
        gettext_lazy("在统计数据中第一次有流通的月份计为新读者（数据起始月包括此前的老读者）。"),
        "bar", (("month", MONTH), ("readers", READERS)), "month", ("readers",), (),
    ),
    FigureSpec(
        "category", gettext_lazy("各类读者的借阅"),
        gettext_lazy("按借书时的读者类型统计借出册次与不同读者。"),
        "bar", (("category", gettext_lazy("读者类型")), ("loans", LOANS), ("readers", READERS)),
        "category", ("loans",), ("loans",),
    ),
    FigureSpec(
        "age_band", gettext_lazy("各年龄段的借阅"),
        gettext_lazy("按借书当天读者所在的年龄段（由出生年份推算，平台只记年份）统计借出册次"
                     "与不同读者；没有登记出生年份或不参与匿名统计的读者计入“未登记”。"),
        "bar", (("band", gettext_lazy("年龄段")), ("loans", LOANS), ("readers", READERS)),
        "band", ("loans",), ("loans",),
    ),
    FigureSpec(
        "clc", gettext_lazy("各学科的借阅"), gettext_lazy("按中图法大类统计借出册次。"),
        "bar", (("class", gettext_lazy("中图法大类")), ("loans", LOANS), ("readers", READERS)),
        "class", ("loans",), ("loans",),
    ),
    FigureSpec(
        "district", gettext_lazy("各区读者的借阅"),
        gettext_lazy("按读者注册馆（代表读者所在的区县）统计借出册次；只含同意匿名统计的读者。"),
        "bar", (("district", gettext_lazy("注册馆")), ("loans", LOANS), ("readers", READERS)),
        "district", ("loans",), ("loans",),
    ),
    FigureSpec(
        "never_lent", gettext_lazy("未流通的馆藏"),
        gettext_lazy("馆藏单册中，在所选期间内全网任何馆都没有借出过的比例。"),
        "bar", (("name", gettext_lazy("图书馆")), ("items", gettext_lazy("馆藏册数")),
                ("never_lent", gettext_lazy("未借出册数")),
                ("share", gettext_lazy("未借出比例（%）"))),
        "name", ("share",), (), None,
    ),
    FigureSpec(
        "holds", gettext_lazy("预约与等待"),
        gettext_lazy("按预约月份统计已结束的预约：满足、取消、逾期未取，"
                     "以及从预约到书到馆的平均等待天数。"),
        "bar", (("month", MONTH), ("holds", gettext_lazy("预约")),
                ("filled", gettext_lazy("已满足")), ("cancelled", gettext_lazy("已取消")),
                ("expired", gettext_lazy("逾期未取")),
                ("mean_wait_days", gettext_lazy("平均等待（天）")),
                ("waited_over_week", gettext_lazy("等待超过一周")), ("readers", READERS)),
        "month", ("filled", "cancelled", "expired"),
        ("holds", "filled", "cancelled", "expired", "mean_wait_days", "waited_over_week"),
    ),
    FigureSpec(
        "transits", gettext_lazy("馆际运送时间"),
        gettext_lazy("按发出馆与目的馆统计已到达的运送：次数、平均与最长在途小时数。"),
        "bar", (("route", gettext_lazy("路线")), ("transits", gettext_lazy("运送次数")),
                ("mean_hours", gettext_lazy("平均在途（小时）")),
                ("max_hours", gettext_lazy("最长在途（小时）"))),
        "route", ("mean_hours",), (), None,
    ),
    FigureSpec(
        "attendance", gettext_lazy("活动出席"),
        gettext_lazy("按活动月份统计报名、出席、未出席（占位未到）与取消；读者数为到场的不同读者。"),
        "bar", (("month", MONTH), ("registrations", gettext_lazy("报名")),
                ("attended", gettext_lazy("出席")), ("no_shows", gettext_lazy("未出席")),
                ("cancelled", gettext_lazy("取消")), ("readers", READERS)),
        "month", ("attended", "no_shows"), ("registrations", "attended", "no_shows", "cancelled"),
    ),
)  # fmt: skip
# O2O orders, stacked by channel (insights/o2o_figure.py).
FIGURES += (FigureSpec(**o2o_figure.SPEC),)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def libraries_viewable(*, actor) -> tuple[list[Library], bool]:
    """The libraries whose dashboards `actor` may open, and whether the network's."""
    ensure_can(actor, Perm.INSIGHTS_VIEW)
    scope = library_scope(actor, Perm.INSIGHTS_VIEW)
    libraries = Library.objects.exclude(kind=LibraryKind.PICKUP_POINT).order_by("kind", "code")
    if scope is not None:
        libraries = libraries.filter(pk__in=scope)
    return list(libraries), scope is None


def _library_names() -> dict[int, str]:
    return {lib.pk: translated(lib, "name") for lib in Library.objects.all()}


def _category_label(value: str) -> str:
    if value in ReaderCategory.values:
        return str(ReaderCategory(value).label)
    return _("未登记")


def _clc_label(value: str) -> str:
    if not value:
        return _("未分类")
    return f"{value} {CLC_CLASSES[value]}" if value in CLC_CLASSES else value


def _requests(view: int | None, period: policies.Period) -> dict[str, tuple[str, dict]]:
    params = period.params(view)
    return {
        key: (name, params)
        for key, name in (
            ("by_day", "loans_returns_by_day"),
            ("hour_of_week", "loans_by_hour_of_week"),
            ("active_network", "active_readers_by_month"),
            ("active_library", "active_readers_by_month_library"),
            ("new", "new_readers_by_month"),
            ("category", "loans_by_reader_category"),
            ("age_band", "loans_by_age_band"),
            ("clc", "loans_by_clc"),
            ("district", "loans_by_reader_library"),
            ("never_lent", "collection_never_lent"),
            ("holds", "holds_by_month_library"),
            ("transits", "transit_times"),
            ("attendance", "attendance_by_month_library"),
            o2o_figure.REQUEST,
        )
        if not (view is None and key == "active_library")
        and not (view is not None and key == "active_network")
    }


def dashboard_figures(*, actor, library_id: int | None, period: policies.Period) -> Dashboard:
    """One view's figures. `library_id` None is the network's view (network-wide
    roles only); a library outside the actor's scope is refused."""
    libraries, network_allowed = libraries_viewable(actor=actor)
    if library_id is None and not network_allowed:
        library_id = libraries[0].pk if libraries else None
        if library_id is None:
            raise PermissionDeniedError()
    library = None
    if library_id is not None:
        library = next((lib for lib in libraries if lib.pk == library_id), None)
        if library is None:
            raise PermissionDeniedError()
    export_id, rows, seconds = dashboard_rows(library_id=library_id, period=period)
    dashboard = Dashboard(
        library=library,
        libraries=libraries,
        network_allowed=network_allowed,
        period=period,
        export_id=export_id,
        seconds=seconds,
    )
    dashboard.figures = _figures(rows, names=_library_names())
    return dashboard


def _rows_run(library_id: int | None, period: policies.Period, rollups: bool = True):
    # A dozen statements over the same files: read them once (up to the period's end);
    # the circulation figures from the rollups when the export has them.
    requests, load_only = _requests(library_id, period), None
    if rollups and export_has_rollups():
        requests = rollup_figures.requests_from_rollups(requests, network=library_id is None)
        load_only = rollup_figures.DATASETS
    results = aggregations_run_many(
        requests, load_until=period.month_to, keep_seconds=CACHE_SECONDS, load_only=load_only
    )
    export_id = next(iter(results.values())).export_id if results else None
    rows = {key: result.rows for key, result in results.items()}
    return export_id, rows, sum(r.seconds for r in results.values())


def dashboard_rows(
    *, library_id: int | None, period: policies.Period, cached: bool = True, rollups: bool = True
):
    """The aggregations' rows of one view: (export id, rows per figure, seconds).
    Kept in the process under the current export's id: an export never changes, so
    a kept answer is the answer until the next export replaces the pointer.
    `rollups` False: every figure from the log (the benchmark's and tests' baseline)."""
    if not cached:
        return _rows_run(library_id, period, rollups)
    key = ("insights.dashboard", current_export_id(), library_id, period, rollups)
    return process_cached(key, lambda: _rows_run(library_id, period, rollups), ttl=CACHE_SECONDS)


def _masked(figure: Figure, rows, *, values: tuple[str, ...], readers: str | None = "readers"):
    cells = policies.cells_mask(
        rows, readers_column=readers, values=values, minimum=settings.WENLAN_ANALYTICS_MIN_READERS
    )
    figure.rows, figure.suppressed = cells.rows, cells.suppressed
    return figure


def _figures(rows: dict[str, list[dict]], *, names: dict[int, str]) -> list[Figure]:
    rows = {key: [dict(row) for row in figure_rows] for key, figure_rows in rows.items()}
    combine = policies.rows_combine
    by_day = combine(rows["by_day"], keys=("local_date",), sums=("loans", "returns"))
    hours = combine(rows["hour_of_week"], keys=("weekday", "hour"), sums=("loans",))
    for row in hours:
        row["day"] = str(WEEKDAYS[row["weekday"] - 1])
    active = rows.get("active_network") or combine(
        rows.get("active_library", []), keys=("month",), sums=()
    )
    for row in rows["category"]:
        row["category"] = _category_label(row["reader_category"])
    age_bands = _age_bands(rows["age_band"])
    for row in rows["clc"]:
        row["class"] = _clc_label(row["clc_top"])
    for row in rows["district"]:
        row["district"] = names.get(row["reader_library_id"], str(row["reader_library_id"]))
    never = []
    for row in rows["never_lent"]:
        share = round(100 * row["never_lent"] / row["items"], 1) if row["items"] else None
        never.append({**row, "name": names.get(row["library"], "—"), "share": share})
    holds = _holds_by_month(rows["holds"])
    transits = [
        {
            **row,
            "route": f"{names.get(row['from_library_id'], '—')} → "
            f"{names.get(row['to_library_id'], '—')}",
        }  # fmt: skip
        for row in rows["transits"]
    ]
    attendance = combine(
        rows["attendance"],
        keys=("month",),
        sums=("registrations", "attended", "no_shows", "cancelled"),
    )
    data = {
        "by_day": by_day, "hour_of_week": hours, "active": active, "new": rows["new"],
        "category": rows["category"], "age_band": age_bands, "clc": rows["clc"],
        "district": rows["district"],
        "never_lent": never, "holds": holds, "transits": transits, "attendance": attendance,
    }  # fmt: skip
    data["o2o"] = o2o_figure.o2o_rows(rows["o2o"])
    figures = []
    for spec in FIGURES:
        figure = Figure(
            key=spec.key,
            title=str(spec.title),
            how=str(spec.how),
            chart=spec.chart,
            columns=[Column(key, str(label)) for key, label in spec.columns],
            rows=[],
            x=spec.x,
            series=spec.series,
            group=spec.group,
        )
        figures.append(_masked(figure, data[spec.key], values=spec.values, readers=spec.readers))
    return figures


def _age_bands(rows: list[dict]) -> list[dict]:
    """The bands youngest first, "unknown" last, each labelled."""
    order = {band.value: n for n, band in enumerate(AgeBand)}
    rows = sorted(rows, key=lambda row: order.get(row["age_band"], len(order)))
    for row in rows:
        value = row["age_band"]
        row["band"] = str(AgeBand(value).label) if value in AgeBand.values else value
    return rows


def _holds_by_month(rows: list[dict]) -> list[dict]:
    """Holds of several libraries per month; the mean wait weighted by the holds
    that had a copy ready (filled and expired)."""
    months: dict[str, dict] = {}
    for row in rows:
        into = months.setdefault(
            row["month"],
            {"month": row["month"], "holds": 0, "filled": 0, "cancelled": 0, "expired": 0,
             "waited_over_week": 0, "readers": 0, "_wait": 0.0, "_ready": 0},
        )  # fmt: skip
        for column in ("holds", "filled", "cancelled", "expired", "waited_over_week"):
            into[column] += row[column] or 0
        ready = (row["filled"] or 0) + (row["expired"] or 0)
        if row["mean_wait_days"] is not None and ready:
            into["_wait"] += row["mean_wait_days"] * ready
            into["_ready"] += ready
        into["readers"] = max(into["readers"], row["readers"] or 0)
    out = []
    for month in sorted(months):
        row = months[month]
        wait, ready = row.pop("_wait"), row.pop("_ready")
        row["mean_wait_days"] = round(wait / ready, 1) if ready else None
        out.append(row)
    return out
