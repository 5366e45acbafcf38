from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.catalog.enums import IndexOp, ItemStatus, ItemType, MarcFlavour, MaterialType
from wenlan.core.models import TimestampedModel
from wenlan.network.models import Library


class Record(TimestampedModel):
    """A bibliographic record: its full MARC record (MARCXML, lossless) and the
    fields the platform shows, filters and matches by, taken from it on import."""

    flavour = models.CharField(_("MARC 格式"), max_length=8, choices=MarcFlavour.choices)
    control_number = models.CharField(_("控制号"), max_length=64, blank=True, db_index=True)
    control_source = models.CharField(_("控制号来源"), max_length=32, blank=True)
    marc = models.TextField(_("MARC 记录（MARCXML）"))
    fingerprint = models.CharField(_("MARC 摘要"), max_length=64, db_index=True)
    # Digests of the duplicate MARC records merged into this one, so that importing
    # them again is recognised as nothing new.
    merged_from = models.JSONField(_("已合并记录摘要"), default=list, blank=True)

    title = models.CharField(_("题名"), max_length=500)
    title_romanised = models.CharField(_("罗马化题名"), max_length=500, blank=True)
    parallel_title = models.CharField(_("并列题名"), max_length=500, blank=True)
    responsibility = models.CharField(_("责任说明"), max_length=500, blank=True)
    authors = models.JSONField(_("责任者"), default=list, blank=True)
    publisher = models.CharField(_("出版者"), max_length=300, blank=True)
    place = models.CharField(_("出版地"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("出版年"), null=True, blank=True, db_index=True)
    edition = models.CharField(_("版本"), max_length=200, blank=True)
    isbns = models.JSONField(_("ISBN"), default=list, blank=True)
    clc = models.CharField(_("中图法分类号"), max_length=64, blank=True)
    clc_top = models.CharField(_("中图法大类"), max_length=1, blank=True, db_index=True)
    subjects = models.JSONField(_("主题"), default=list, blank=True)
    language = models.CharField(_("语种"), max_length=3, blank=True)
    series = models.CharField(_("丛书"), max_length=500, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    material_type = models.CharField(
        _("资料类型"), max_length=16, choices=MaterialType.choices, default=MaterialType.BOOK
    )
    match_key = models.CharField(_("查重键"), max_length=255, blank=True, db_index=True)
    borrow_count = models.PositiveIntegerField(_("借阅次数"), default=0)
    is_deleted = models.BooleanField(_("已删除"), default=False)
    # A brief record made at a partner bookstore's till (悦读) from what the clerk
    # typed: cataloguers see it in their queue until they complete it.
    is_brief = models.BooleanField(_("简编记录"), default=False)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("书目记录")
        verbose_name_plural = _("书目记录")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["control_number", "control_source"], name="record_control"),
            models.Index(fields=["updated_at", "id"], name="record_updated"),
            models.Index(fields=["id"], condition=Q(is_brief=True), name="record_brief_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def author_names(self) -> list[str]:
        return [a["name"] for a in self.authors if a.get("name")]

    @property
    def first_author(self) -> str:
        names = self.author_names
        return names[0] if names else ""


class RecordIsbn(models.Model):
    """One ISBN-13 of a record, for matching duplicates and for lookup."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="isbn_rows")
    isbn = models.CharField(_("ISBN-13"), max_length=13, db_index=True)

    class Meta:
        verbose_name = _("ISBN")
        verbose_name_plural = _("ISBN")
        constraints = [models.UniqueConstraint(fields=["record", "isbn"], name="recordisbn_unique")]

    def __str__(self) -> str:
        return self.isbn


class Item(TimestampedModel):
    """One copy of a record, owned by a library of the network."""

    record = models.ForeignKey(
        Record, verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="items"
    )
    barcode = models.CharField(_("条码"), max_length=64, unique=True)
    library = models.ForeignKey(
        Library, verbose_name=_("所属馆"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        Library,
        verbose_name=_("当前所在馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shelf_location = models.CharField(_("馆藏位置"), max_length=100, blank=True)
    shelf_location_en = models.CharField(_("馆藏位置（英文）"), max_length=100, blank=True)
    call_number = models.CharField(_("索书号"), max_length=100, blank=True)
    item_type = models.CharField(
        _("流通类型"), max_length=16, choices=ItemType.choices, default=ItemType.BOOK
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ItemStatus.choices,
        default=ItemStatus.AVAILABLE,
        db_index=True,
    )
    price = models.DecimalField(_("价格"), max_digits=10, decimal_places=2, null=True, blank=True)
    acquired_on = models.DateField(_("入藏日期"), null=True, blank=True)
    due_on = models.DateField(_("应还日期"), null=True, blank=True)
    # A new copy lent before it was processed (bought at a partner bookstore, 悦读):
    # when it comes back, circulation sends it home to processing, not to a shelf.
    new_acquisition = models.BooleanField(_("新购待加工"), default=False)

    class Meta:
        verbose_name = _("馆藏单册")
        verbose_name_plural = _("馆藏单册")
        ordering = ["library_id", "barcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ItemStatus.ON_LOAN) | Q(due_on__isnull=True),
                name="item_due_only_on_loan",
            ),
            models.CheckConstraint(condition=~Q(barcode=""), name="item_barcode_not_blank"),
        ]

    def __str__(self) -> str:
        return self.barcode


class IndexChange(models.Model):
    """The outbox of catalog changes, written in the same transaction as the
    change. Each node's search index remembers the last change it applied, so a
    node catches up, or a new node is built, by replaying from there."""

    record_id = models.BigIntegerField(_("书目记录"), db_index=True)
    op = models.CharField(_("操作"), max_length=8, choices=IndexOp.choices)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("索引变更")
        verbose_name_plural = _("索引变更")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.op} {self.record_id}"
