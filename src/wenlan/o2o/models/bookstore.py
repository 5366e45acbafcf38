from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wenlan.core.models import TimestampedModel
from wenlan.o2o.policies import DEFAULT_EXCLUDED_CLC, DEFAULT_EXCLUDED_KEYWORDS


class Bookstore(TimestampedModel):
    """A partner bookstore taking part in 悦读: the store (a library of the kind
    partner bookstore, where its clerks' roles are scoped) and the library that owns
    the copies bought there and pays for them. Its row is what every till step at
    the store locks before it reads the store's budget."""

    library = models.OneToOneField(
        "network.Library", verbose_name=_("书店"), on_delete=models.PROTECT, related_name="+"
    )
    owner_library = models.ForeignKey(
        "network.Library", verbose_name=_("出资馆"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("开展悦读"), default=True)

    class Meta:
        verbose_name = _("悦读合作书店")
        verbose_name_plural = _("悦读合作书店")
        ordering = ["library_id"]

    def __str__(self) -> str:
        return str(self.library)


class BookstoreRule(TimestampedModel):
    """The 悦读 rules of one store, or of the network (no store); a store without a
    row of its own follows the network's."""

    bookstore = models.ForeignKey(
        Bookstore,
        verbose_name=_("书店"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示全网通用。"),
    )
    monthly_limit = models.PositiveSmallIntegerField(_("每位读者每月可借（册）"), default=2)
    max_age_years = models.PositiveSmallIntegerField(_("出版不超过（年）"), default=2)
    price_cap = models.DecimalField(
        _("单册定价上限（元）"), max_digits=8, decimal_places=2, default=Decimal("80.00")
    )
    max_network_copies = models.PositiveSmallIntegerField(
        _("全网已有几册即不再采购"), default=5, validators=[MinValueValidator(1)]
    )
    excluded_clc = models.CharField(
        _("排除的中图法类号"),
        max_length=300,
        blank=True,
        default=DEFAULT_EXCLUDED_CLC,
        help_text=_("以空格或逗号分隔；类号以其开头的图书不借（教材、教辅、考试用书）。"),
    )
    excluded_keywords = models.CharField(
        _("排除的关键词"),
        max_length=300,
        blank=True,
        default=DEFAULT_EXCLUDED_KEYWORDS,
        help_text=_("以空格或逗号分隔；题名含其中之一的图书不借。"),
    )
    budget_per_month = models.DecimalField(
        _("每月额度（元）"), max_digits=10, decimal_places=2, default=Decimal("20000.00")
    )

    class Meta:
        verbose_name = _("悦读规则")
        verbose_name_plural = _("悦读规则")
        ordering = ["bookstore_id"]
        constraints = [
            models.UniqueConstraint(
                Coalesce("bookstore", models.Value(0)),
                name="bookstorerule_one_per_store_or_network",
            ),
            models.CheckConstraint(condition=Q(price_cap__gt=0), name="bookstorerule_price_cap"),
            models.CheckConstraint(
                condition=Q(budget_per_month__gte=0), name="bookstorerule_budget"
            ),
        ]

    def __str__(self) -> str:
        return str(self.bookstore) if self.bookstore_id else str(_("全网"))


class BookstoreLoan(models.Model):
    """A 悦读 loan as the store and the library settle it: one line of a store's
    monthly statement, made with the loan in one transaction. One per reader, ISBN
    and day: a till that scans the same book for the same reader again is answered
    with this line (a double scan), never with a second loan."""

    bookstore = models.ForeignKey(
        Bookstore, verbose_name=_("书店"), on_delete=models.PROTECT, related_name="+"
    )
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.PROTECT, related_name="+"
    )
    loan = models.OneToOneField(
        "circulation.Loan", verbose_name=_("借阅"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("单册"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="+"
    )
    isbn = models.CharField(_("ISBN"), max_length=13)
    title = models.CharField(_("题名"), max_length=500)
    price = models.DecimalField(_("定价（元）"), max_digits=8, decimal_places=2)
    brief_record = models.BooleanField(_("新建简编记录"), default=False)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("店员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    day = models.DateField(_("日期"))
    period = models.DateField(_("结算月份"))
    created_at = models.DateTimeField(_("借出时间"))

    class Meta:
        verbose_name = _("悦读借阅")
        verbose_name_plural = _("悦读借阅")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "isbn", "day"], name="bookstoreloan_one_per_reader_isbn_day"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="bookstoreloan_price_positive"),
        ]
        indexes = [
            models.Index(fields=["bookstore", "period"], name="bookstoreloan_by_store"),
            models.Index(fields=["reader", "period"], name="bookstoreloan_by_reader"),
        ]

    def __str__(self) -> str:
        return f"{self.bookstore_id} {self.isbn} → {self.reader_id} ({self.day})"


class BookstoreSettlement(models.Model):
    """A store's monthly statement as each side accepted it: the library (staff
    with the 悦读 management permission) and the store (its clerk)."""

    bookstore = models.ForeignKey(
        Bookstore, verbose_name=_("书店"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("结算月份"))
    line_count = models.PositiveIntegerField(_("笔数"))
    total = models.DecimalField(_("合计（元）"), max_digits=12, decimal_places=2)
    library_accepted_at = models.DateTimeField(_("图书馆确认时间"), null=True, blank=True)
    library_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("图书馆确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    store_accepted_at = models.DateTimeField(_("书店确认时间"), null=True, blank=True)
    store_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("书店确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("悦读月结")
        verbose_name_plural = _("悦读月结")
        ordering = ["-period", "bookstore_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bookstore", "period"], name="bookstoresettlement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bookstore_id} {self.period:%Y-%m}"


class TillIsbn(models.Model):
    """An ISBN scanned at a 悦读 till, one row each: its lock is what two tills lending
    the same title take turns on, so that the catalog gets one brief record for a new
    ISBN and the network's copy count is read after the other till's copy is in it."""

    isbn = models.CharField(_("ISBN"), max_length=13, primary_key=True)

    class Meta:
        verbose_name = _("悦读 ISBN")
        verbose_name_plural = _("悦读 ISBN")

    def __str__(self) -> str:
        return self.isbn
