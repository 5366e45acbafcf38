from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel
from wenlan.o2o.enums import (
    LINE_KEPT,
    PARCEL_BEFORE_DISPATCH,
    Destination,
    LineStatus,
    ParcelStatus,
    note_display,
)


class PickupPoint(TimestampedModel):
    """A library of the kind pickup point taking 悦借 parcels: a staffed counter,
    or a locker with numbered compartments (one parcel per compartment)."""

    library = models.OneToOneField(
        "network.Library", verbose_name=_("取书点"), on_delete=models.PROTECT, related_name="+"
    )
    compartments = models.PositiveSmallIntegerField(
        _("取书柜格口数"), default=0, help_text=_("0 表示有人值守的取书点。")
    )
    hold_days = models.PositiveSmallIntegerField(_("保留天数"), default=3)
    is_active = models.BooleanField(_("开放"), default=True)

    class Meta:
        verbose_name = _("悦借取书点")
        verbose_name_plural = _("悦借取书点")
        ordering = ["library_id"]

    def __str__(self) -> str:
        return str(self.library)

    @property
    def is_locker(self) -> bool:
        return self.compartments > 0


class DeliveryZone(TimestampedModel):
    """An area books are delivered to, with its fee: free (fee 0), a flat fee, and
    free from a number of books on."""

    name_zh = models.CharField(_("名称（中文）"), max_length=100, unique=True)
    name_en = models.CharField(_("名称（英文）"), max_length=100, blank=True)
    fee = models.DecimalField(_("配送费（元）"), max_digits=6, decimal_places=2, default=0)
    free_from_books = models.PositiveSmallIntegerField(
        _("满几册免配送费"), null=True, blank=True, help_text=_("留空表示不减免。")
    )
    is_active = models.BooleanField(_("可配送"), default=True)

    class Meta:
        verbose_name = _("悦借配送区域")
        verbose_name_plural = _("悦借配送区域")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fee__gte=0), name="deliveryzone_fee_not_negative")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class DeliveryOrder(models.Model):
    """What the reader asked for: copies on a shelf, sent home (to an address in a
    zone) or to a pickup point. Split by holding library into parcels."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(_("送达方式"), max_length=16, choices=Destination.choices)
    zone = models.ForeignKey(
        DeliveryZone,
        verbose_name=_("配送区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("收件地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    pickup_point = models.ForeignKey(
        PickupPoint,
        verbose_name=_("取书点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fee = models.DecimalField(
        _("配送费（元）"), max_digits=6, decimal_places=2, default=Decimal("0.00")
    )
    placed_at = models.DateTimeField(_("下单时间"))

    class Meta:
        verbose_name = _("悦借订单")
        verbose_name_plural = _("悦借订单")
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["reader", "-placed_at"], name="deliveryorder_by_reader")]
        constraints = [
            models.CheckConstraint(
                # The address is checked when placing; erasure blanks it later.
                condition=Q(destination=Destination.HOME, zone__isnull=False)
                | Q(destination=Destination.PICKUP_POINT, pickup_point__isnull=False),
                name="deliveryorder_destination_complete",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def cancellable(self) -> bool:
        """Whether the reader may still cancel (read from the prefetched parcels)."""
        statuses = [p.status for p in self.parcels.all() if p.status != ParcelStatus.CANCELLED]
        return bool(statuses) and all(s in PARCEL_BEFORE_DISPATCH for s in statuses)


class Parcel(models.Model):
    """The part of an order one library sends: picked, packed, handed to a courier
    with a tracking number, and delivered (or not). Its status is what each step
    locks and reads."""

    order = models.ForeignKey(
        DeliveryOrder, verbose_name=_("订单"), on_delete=models.CASCADE, related_name="parcels"
    )
    library = models.ForeignKey(
        "network.Library", verbose_name=_("发货馆"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ParcelStatus.choices, default=ParcelStatus.PLACED
    )
    status_at = models.DateTimeField(_("状态更新时间"))
    courier = models.CharField(_("快递公司"), max_length=40, blank=True)
    tracking_number = models.CharField(_("快递单号"), max_length=40, blank=True)
    courier_seen_at = models.DateTimeField(_("快递最近更新"), null=True, blank=True)
    pickup_point = models.ForeignKey(
        PickupPoint,
        verbose_name=_("取书点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    compartment = models.PositiveSmallIntegerField(_("格口"), null=True, blank=True)
    pickup_code = models.CharField(_("取件码"), max_length=8, blank=True)
    collect_by = models.DateTimeField(_("取件截止"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("悦借包裹")
        verbose_name_plural = _("悦借包裹")
        ordering = ["pk"]
        indexes = [models.Index(fields=["library", "status"], name="parcel_by_library_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "library"], name="parcel_one_per_order_library"
            ),
            models.UniqueConstraint(
                fields=["tracking_number"],
                condition=~Q(tracking_number=""),
                name="parcel_tracking_number_unique",
            ),
            models.UniqueConstraint(
                fields=["pickup_point", "compartment"],
                condition=Q(status=ParcelStatus.AT_LOCKER),
                name="parcel_one_per_compartment",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.order_id}-{self.pk}"

    @property
    def reason_display(self) -> str:
        return note_display(self.reason)


class DeliveryLine(models.Model):
    """One copy of an order, kept for it (ItemStatus.ORDERED) from the order until
    it is lent at delivery or goes back to the shelf. "One order per copy" is a
    partial unique constraint."""

    parcel = models.ForeignKey(
        Parcel, verbose_name=_("包裹"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("单册"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=LineStatus.choices, default=LineStatus.ORDERED
    )
    loan = models.OneToOneField(
        "circulation.Loan",
        verbose_name=_("借阅"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    picked_at = models.DateTimeField(_("拣书时间"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("悦借订单图书")
        verbose_name_plural = _("悦借订单图书")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=LINE_KEPT),
                name="deliveryline_one_order_per_copy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcel_id}: {self.item_id}"

    @property
    def reason_display(self) -> str:
        return note_display(self.reason)


class ParcelStep(models.Model):
    """A parcel's history as the reader sees it: each status with its time."""

    parcel = models.ForeignKey(
        Parcel, verbose_name=_("包裹"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("状态"), max_length=20, choices=ParcelStatus.choices)
    at = models.DateTimeField(_("时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("悦借包裹进度")
        verbose_name_plural = _("悦借包裹进度")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.parcel_id} {self.status} {self.at:%Y-%m-%d %H:%M}"

    @property
    def note_display(self) -> str:
        return note_display(self.note)


class DeliveryFeeEntry(models.Model):
    """The reader's delivery-fee ledger: a charge when an order is placed, a refund
    (negative) when it is cancelled. No payment here: a cashier or a payment
    integration settles what it shows."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        DeliveryOrder, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)
    note = models.CharField(_("说明"), max_length=100)
    created_at = models.DateTimeField(_("时间"))
    settled_at = models.DateTimeField(_("结清时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("悦借配送费")
        verbose_name_plural = _("悦借配送费")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.amount}"


__all__ = [
    "DeliveryFeeEntry",
    "DeliveryLine",
    "DeliveryOrder",
    "DeliveryZone",
    "Parcel",
    "ParcelStep",
    "PickupPoint",
]
