from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.rankings.enums import Category, FeedKind, UploadStatus


class FeedSource(models.Model):
    """A partner that sends one kind of feed (a member library or provincial centre:
    loans; a bookstore or distributor: sales; a publisher: titles). No partner: the
    network itself, fed from the analytics export."""

    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("合作机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ranking_sources",
    )
    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("数据类型"), max_length=8, choices=FeedKind.choices)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("榜单数据源")
        verbose_name_plural = _("榜单数据源")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_kind_display()})"


class FeedUpload(models.Model):
    """One file as received, its report, and the periods it loaded."""

    source = models.ForeignKey(FeedSource, on_delete=models.PROTECT, related_name="uploads")
    kind = models.CharField(max_length=8, choices=FeedKind.choices)
    received_at = models.DateTimeField(_("接收时间"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # as received, in the store
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=UploadStatus.choices)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)  # rows of earlier uploads replaced
    errors = models.JSONField(default=list)  # [{row, reason}], the first WENLAN_RANKINGS_MAX_ERRORS
    message = models.CharField(max_length=500, blank=True)  # why the whole file was refused

    class Meta:
        verbose_name = _("数据上传")
        verbose_name_plural = _("数据上传")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source.code} {self.file_name}"


class FeedPart(models.Model):
    """An upload's rows of one period, as one Parquet file. The ranking reads the
    current part of each (source, kind, period): a re-upload makes its own parts
    current and the earlier ones not, in one transaction."""

    upload = models.ForeignKey(FeedUpload, on_delete=models.CASCADE, related_name="parts")
    source = models.ForeignKey(FeedSource, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=FeedKind.choices)
    period = models.CharField(max_length=7)
    rows = models.PositiveIntegerField()
    path = models.CharField(max_length=500)
    current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "period"],
                condition=Q(current=True),
                name="rankings_one_current_part",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.period}"


class FeedLibrary(models.Model):
    """A library a loans feed reports for, by its code: its number is what the Parquet
    rows carry (grouping by a number is faster than by a text), and its province."""

    code = models.CharField(_("馆代码"), max_length=64, unique=True)
    province = models.CharField(_("省份"), max_length=64, blank=True)
    # The province's number (0–62; -1 without a province): a bit in the ranking's
    # count of provinces, so that counting them needs no join and no DISTINCT.
    province_number = models.SmallIntegerField(default=-1)

    class Meta:
        verbose_name = _("报送图书馆")
        verbose_name_plural = _("报送图书馆")

    def __str__(self) -> str:
        return self.code


class Work(models.Model):
    """Editions grouped: the same normalised title and author (core.text.match_key)."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(_("题名"), max_length=500)
    author = models.CharField(_("责任者"), max_length=300, blank=True)
    clc = models.CharField(_("中图法分类号"), max_length=64, blank=True)
    category = models.CharField(max_length=16, choices=Category.choices, blank=True)
    published_on = models.DateField(_("出版日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("作品")
        verbose_name_plural = _("作品")

    def __str__(self) -> str:
        return self.title


class WorkIsbn(models.Model):
    isbn = models.CharField(max_length=13, unique=True)
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="isbns")
    publisher = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.isbn


class LoansRollup(models.Model):
    """A year's loans summed per work and library (the ranking's first step), built
    at load time from the current loans parts listed in `parts_key`. The ranking of
    that year reads it only while those are still the current parts."""

    year = models.CharField(max_length=4, unique=True)
    path = models.CharField(max_length=500)
    parts_key = models.CharField(max_length=64)
    rows = models.BigIntegerField()
    built_at = models.DateTimeField()
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"{self.year} ({self.rows} rows)"


class RankingRun(models.Model):
    """A computed ranking: every category's list with each candidate's terms."""

    period = models.CharField(_("期间"), max_length=7)
    engine = models.CharField(max_length=8)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weights = models.JSONField(default=dict)
    result = models.JSONField(default=dict)  # {category: [entry, ...]}
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("榜单计算")
        verbose_name_plural = _("榜单计算")
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period} {self.computed_at:%Y-%m-%d %H:%M}"
