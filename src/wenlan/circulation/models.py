from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.catalog.enums import ItemType
from wenlan.circulation.enums import (
    ACTIVE_HOLD_STATUSES,
    TRAPPED_HOLD_STATUSES,
    BlockKind,
    HoldStatus,
    LoanChannel,
    LogEntryKind,
    OverdueRule,
    RenewalBase,
    TransitReason,
)
from wenlan.core.models import TimestampedModel
from wenlan.patrons.enums import ReaderCategory


class Policy(TimestampedModel):
    """One row of the loan-rules matrix. A blank reader category or item type, or
    no library, means "any"; the most specific row wins (library, then reader
    category, then item type)."""

    library = models.ForeignKey(
        "network.Library",
        verbose_name=_("图书馆"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示全网通用。"),
    )
    reader_category = models.CharField(
        _("读者类型"), max_length=16, choices=ReaderCategory.choices, blank=True
    )
    item_type = models.CharField(_("流通类型"), max_length=16, choices=ItemType.choices, blank=True)
    loanable = models.BooleanField(_("可外借"), default=True)
    loan_days = models.PositiveSmallIntegerField(_("借期（天）"), default=30)
    max_loans = models.PositiveSmallIntegerField(_("最多可借（册）"), default=10)
    renewals = models.PositiveSmallIntegerField(_("可续借次数"), default=1)
    renewal_base = models.CharField(
        _("续借后应还日期"),
        max_length=16,
        choices=RenewalBase.choices,
        default=RenewalBase.DUE_DATE,
    )
    holds_allowed = models.BooleanField(_("可预约"), default=True)
    hold_shelf_days = models.PositiveSmallIntegerField(_("预约保留（天）"), default=7)
    max_overdue = models.PositiveSmallIntegerField(
        _("逾期几册即停借"), default=1, validators=[MinValueValidator(1)]
    )
    overdue_rule = models.CharField(
        _("逾期处理"), max_length=16, choices=OverdueRule.choices, default=OverdueRule.SUSPENSION
    )
    fine_per_day = models.DecimalField(
        _("每日罚款（元）"), max_digits=6, decimal_places=2, default=Decimal("0.00")
    )
    fine_cap = models.DecimalField(
        _("罚款上限（元）"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    suspension_days_per_day = models.PositiveSmallIntegerField(_("每逾期一天停借（天）"), default=1)

    class Meta:
        verbose_name = _("流通规则")
        verbose_name_plural = _("流通规则")
        ordering = ["library_id", "reader_category", "item_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "reader_category", "item_type"],
                condition=Q(library__isnull=False),
                name="policy_unique_per_library",
            ),
            models.UniqueConstraint(
                fields=["reader_category", "item_type"],
                condition=Q(library__isnull=True),
                name="policy_unique_network",
            ),
            models.CheckConstraint(condition=Q(max_overdue__gte=1), name="policy_max_overdue_min"),
        ]

    def __str__(self) -> str:
        return " · ".join(
            str(part)
            for part in (
                self.library or _("全网"),
                self.get_reader_category_display() or _("所有读者"),
                self.get_item_type_display() or _("所有类型"),
            )
        )


class Loan(models.Model):
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("单册"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="+"
    )
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    library = models.ForeignKey(
        "network.Library", verbose_name=_("借出馆"), on_delete=models.PROTECT, related_name="+"
    )
    loaned_at = models.DateTimeField(_("借出时间"))
    due_on = models.DateField(_("应还日期"))
    renewals = models.PositiveSmallIntegerField(_("已续借次数"), default=0)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    return_library = models.ForeignKey(
        "network.Library",
        verbose_name=_("归还馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lost_at = models.DateTimeField(_("报失时间"), null=True, blank=True)
    # Where the loan was made ("desk", "sip2", "api", "yuedu" at a partner bookstore),
    # as the circulation log counts it.
    channel = models.CharField(_("借出渠道"), max_length=8, choices=LoanChannel.choices, blank=True)

    class Meta:
        verbose_name = _("借阅")
        verbose_name_plural = _("借阅")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(returned_at__isnull=True),
                name="loan_one_open_per_item",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reader", "due_on"],
                condition=Q(returned_at__isnull=True),
                name="loan_open_by_reader",
            ),
            models.Index(
                fields=["due_on"], condition=Q(returned_at__isnull=True), name="loan_open_by_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.reader_id} ({self.due_on})"


class Hold(models.Model):
    """A title-level request. Its place in the queue is the order of placing (pk)."""

    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="+"
    )
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    pickup_library = models.ForeignKey(
        "network.Library", verbose_name=_("取书馆"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=HoldStatus.choices, default=HoldStatus.WAITING
    )
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("保留单册"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pull_library = models.ForeignKey(
        "network.Library",
        verbose_name=_("提书馆"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("在架单册由此馆从书架上取出，满足这条预约。"),
    )
    placed_at = models.DateTimeField(_("预约时间"))
    ready_at = models.DateTimeField(_("到书时间"), null=True, blank=True)
    expires_on = models.DateField(_("保留至"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "record"],
                condition=Q(status__in=ACTIVE_HOLD_STATUSES),
                name="hold_one_active_per_reader_record",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=TRAPPED_HOLD_STATUSES),
                name="hold_one_per_trapped_item",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=TRAPPED_HOLD_STATUSES) | Q(item__isnull=False),
                name="hold_trapped_has_item",
            ),
        ]
        indexes = [
            models.Index(
                fields=["record", "id"],
                condition=Q(status__in=ACTIVE_HOLD_STATUSES),
                name="hold_active_queue",
            ),
            models.Index(
                fields=["pull_library", "id"],
                condition=Q(status=HoldStatus.WAITING, pull_library__isnull=False),
                name="hold_pull_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} ← {self.reader_id} ({self.status})"


class Transit(models.Model):
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("单册"), on_delete=models.PROTECT, related_name="+"
    )
    from_library = models.ForeignKey(
        "network.Library", verbose_name=_("发出馆"), on_delete=models.PROTECT, related_name="+"
    )
    to_library = models.ForeignKey(
        "network.Library", verbose_name=_("目的馆"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=8, choices=TransitReason.choices)
    hold = models.ForeignKey(
        Hold,
        verbose_name=_("预约"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("发出时间"))
    received_at = models.DateTimeField(_("到达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("运送")
        verbose_name_plural = _("运送")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(received_at__isnull=True),
                name="transit_one_open_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_library_id} → {self.to_library_id}"


class Block(models.Model):
    """A stored reason a reader may not borrow: an overdue suspension until a date,
    or a block set by staff. Cleared, never deleted."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("类型"),
        max_length=16,
        choices=[(k.value, k.label) for k in (BlockKind.SUSPENSION, BlockKind.MANUAL)],
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    starts_on = models.DateField(_("开始日期"))
    until = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cleared_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("借阅限制")
        verbose_name_plural = _("借阅限制")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["reader"], condition=Q(cleared_at__isnull=True), name="block_open_by_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.kind} {self.until or ''}"


class Fine(models.Model):
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    loan = models.ForeignKey(
        Loan,
        verbose_name=_("借阅"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=200)
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(_("产生时间"))
    settled_at = models.DateTimeField(_("结清时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("罚款")
        verbose_name_plural = _("罚款")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fine_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.amount}"


class CirculationLogEntry(models.Model):
    """Append-only. The reader appears only as a keyed hash (empty when the reader
    declined analytics), so the analytics parts can count without knowing who."""

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("事件"), max_length=16, choices=LogEntryKind.choices)
    reader_pseudonym = models.CharField(_("读者匿名编号"), max_length=32, blank=True)
    reader_category = models.CharField(_("读者类型"), max_length=16, blank=True)
    item_id = models.BigIntegerField(_("单册"), null=True)
    record_id = models.BigIntegerField(_("书目记录"), null=True)
    library_id = models.BigIntegerField(_("图书馆"), null=True)
    channel = models.CharField(_("渠道"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("流通事件")
        verbose_name_plural = _("流通事件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.item_id}"


class ReadingHistoryEntry(models.Model):
    """Kept only for readers who opted in; the reader may delete any of it."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.CASCADE, related_name="+"
    )
    loaned_on = models.DateField(_("借出日期"))
    returned_on = models.DateField(_("归还日期"))

    class Meta:
        verbose_name = _("借阅历史")
        verbose_name_plural = _("借阅历史")
        ordering = ["-returned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.record_id} {self.returned_on}"
