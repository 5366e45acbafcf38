from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.o2o.enums import StockState, StoreOrderStatus, SuggestionStatus


class PurchaseSuggestion(models.Model):
    """悦购: a reader suggests the library buy a book (an ISBN, or a title). The
    acquisitions staff of the reader's home library accept it onto their order
    list or decline it with a reason; the reader is told either way. When the
    ordered copy is received, it is catalogued here as a copy of `record` and the
    reader's hold is placed and served first."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    library = models.ForeignKey(
        "network.Library", verbose_name=_("采购馆"), on_delete=models.PROTECT, related_name="+"
    )
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    title = models.CharField(_("题名"), max_length=500)
    author = models.CharField(_("责任者"), max_length=200, blank=True)
    publisher = models.CharField(_("出版者"), max_length=300, blank=True)
    note = models.CharField(_("推荐理由"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    decline_reason = models.CharField(_("未采纳原因"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    record = models.ForeignKey(
        "catalog.Record",
        verbose_name=_("书目记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("到馆单册"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("到馆时间"), null=True, blank=True)
    hold = models.ForeignKey(
        "circulation.Hold",
        verbose_name=_("为读者的预约"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("推荐时间"))

    class Meta:
        verbose_name = _("悦购荐购")
        verbose_name_plural = _("悦购荐购")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "isbn"],
                condition=Q(status__in=["new", "accepted"]) & ~Q(isbn=""),
                name="o2o_suggestion_one_open_per_reader_isbn",
            ),
        ]
        indexes = [
            models.Index(fields=["library", "status", "created_at"], name="o2o_suggestion_queue"),
            models.Index(fields=["reader", "created_at"], name="o2o_suggestion_reader"),
        ]

    def __str__(self) -> str:
        return self.title


class StoreListing(models.Model):
    """悦购: a title a partner bookstore offers readers to order and collect at the
    store (paid for there); kept by the store's clerks."""

    bookstore = models.ForeignKey(
        "o2o.Bookstore", verbose_name=_("书店"), on_delete=models.CASCADE, related_name="+"
    )
    isbn = models.CharField(_("ISBN"), max_length=13)
    title = models.CharField(_("题名"), max_length=500)
    author = models.CharField(_("责任者"), max_length=200, blank=True)
    price = models.DecimalField(_("售价（元）"), max_digits=8, decimal_places=2)
    stock = models.CharField(
        _("库存"), max_length=12, choices=StockState.choices, default=StockState.IN_STOCK
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("悦购书店书目")
        verbose_name_plural = _("悦购书店书目")
        ordering = ["bookstore_id", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bookstore", "isbn"], name="o2o_listing_one_per_store_isbn"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StoreOrder(models.Model):
    """悦购: a reader's order of a listed title, to collect and pay at the store."""

    listing = models.ForeignKey(
        StoreListing, verbose_name=_("书目"), on_delete=models.PROTECT, related_name="+"
    )
    bookstore = models.ForeignKey(
        "o2o.Bookstore", verbose_name=_("书店"), on_delete=models.PROTECT, related_name="+"
    )
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("题名"), max_length=500)
    price = models.DecimalField(_("售价（元）"), max_digits=8, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=12, choices=StoreOrderStatus.choices, default=StoreOrderStatus.PLACED
    )
    created_at = models.DateTimeField(_("下单时间"))
    ready_at = models.DateTimeField(_("到店时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("悦购书店订单")
        verbose_name_plural = _("悦购书店订单")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "listing"],
                condition=Q(status__in=["placed", "ready"]),
                name="o2o_store_order_one_open_per_reader_listing",
            ),
        ]
        indexes = [models.Index(fields=["bookstore", "status"], name="o2o_store_order_store")]

    def __str__(self) -> str:
        return self.title
