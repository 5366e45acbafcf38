from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.recommendations.enums import EventReasonKind, ReasonKind, RunStatus, SegmentCode


class TrainingRun(models.Model):
    """One training: from which export, on which engine, how many of what. Holds no
    reader's data. At most one runs at a time (a partial unique constraint)."""

    status = models.CharField(_("状态"), max_length=8, choices=RunStatus.choices)
    engine = models.CharField(_("计算引擎"), max_length=8, default="duckdb")
    export_id = models.CharField(_("导出批次"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)

    class Meta:
        verbose_name = _("推荐训练")
        verbose_name_plural = _("推荐训练")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status=RunStatus.RUNNING),
                name="recs_one_training_running",
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class Recommendation(models.Model):
    """A title on a reader's list, precomputed by the training (so a page reads a
    few rows), with what its reason needs: the title the reader borrowed that it is
    nearest to, or the segment it is popular in."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("名次"))
    score = models.FloatField(_("得分"))
    reason = models.CharField(_("推荐理由"), max_length=12, choices=ReasonKind.choices)
    because = models.ForeignKey(
        "catalog.Record",
        verbose_name=_("因为借过"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    segment = models.CharField(_("读者群"), max_length=16, choices=SegmentCode.choices, blank=True)
    run = models.ForeignKey(TrainingRun, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("图书推荐")
        verbose_name_plural = _("图书推荐")
        ordering = ["reader", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "rank"], name="recs_book_rank_once"),
            models.UniqueConstraint(fields=["reader", "record"], name="recs_book_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} #{self.rank} {self.record_id}"


class EventRecommendation(models.Model):
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("名次"))
    score = models.FloatField(_("得分"))
    reason = models.CharField(_("推荐理由"), max_length=12, choices=EventReasonKind.choices)
    clc_top = models.CharField(_("中图法大类"), max_length=1, blank=True)
    run = models.ForeignKey(TrainingRun, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("活动推荐")
        verbose_name_plural = _("活动推荐")
        ordering = ["reader", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "rank"], name="recs_event_rank_once"),
            models.UniqueConstraint(fields=["reader", "event"], name="recs_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} #{self.rank} {self.event_id}"


class Segment(models.Model):
    """A named group of readers, by the rule of `code` (policies.segment_of). The
    figures are the last computation's; staff may give it their own label."""

    code = models.CharField(_("代码"), max_length=16, choices=SegmentCode.choices, unique=True)
    label_zh = models.CharField(_("中文名称"), max_length=40, blank=True)
    label_en = models.CharField(_("英文名称"), max_length=40, blank=True)
    members = models.PositiveIntegerField(_("人数"), default=0)
    profile = models.JSONField(_("特征"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("读者群")
        verbose_name_plural = _("读者群")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label_zh or self.get_code_display()


class SegmentMember(models.Model):
    """A reader in a segment, by pseudonym only (the export's), so that nobody
    reading this table learns who is in it; the pseudonym is turned back into a
    reader only to send a notice (services.segments)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="member_rows")
    pseudonym = models.CharField(max_length=32, unique=True)
    library_id = models.BigIntegerField(_("常去的图书馆"), null=True, blank=True)

    class Meta:
        verbose_name = _("读者群成员")
        verbose_name_plural = _("读者群成员")
        indexes = [models.Index(fields=["segment", "library_id"])]

    def __str__(self) -> str:
        return f"{self.segment_id} {self.pseudonym[:6]}…"


class SegmentAnnouncement(models.Model):
    """An event announced to a segment: each of its members got a library message.
    Once per segment and event (a unique constraint)."""

    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="announcements")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("推送时间"))
    recipients = models.PositiveIntegerField(_("收到的读者数"), default=0)

    class Meta:
        verbose_name = _("读者群推送")
        verbose_name_plural = _("读者群推送")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "event"], name="recs_announce_once")
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} → {self.event_id}"
