from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.booklists.enums import BookListStatus
from wenlan.core.i18n import translated


class BookList(models.Model):
    """A library's reading list (书单): titles from the catalog in the order staff
    chose, each with a note, in both languages; public once published."""

    library = models.ForeignKey(
        "network.Library",
        verbose_name=_("图书馆"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title_zh = models.CharField(_("中文标题"), max_length=120)
    title_en = models.CharField(_("英文标题"), max_length=120, blank=True)
    description_zh = models.TextField(_("中文简介"), blank=True)
    description_en = models.TextField(_("英文简介"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=BookListStatus.choices, default=BookListStatus.DRAFT
    )
    origin = models.CharField(_("来源"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("书单")
        verbose_name_plural = _("书单")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="booklist_public")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=BookListStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="booklist_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title_zh or self.title_en

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def description(self) -> str:
        return translated(self, "description")


class BookListItem(models.Model):
    """A title on a list: a catalog record once per list, at a position of its own."""

    book_list = models.ForeignKey(BookList, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    note_zh = models.CharField(_("中文推荐语"), max_length=500, blank=True)
    note_en = models.CharField(_("英文推荐语"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("书单中的书")
        verbose_name_plural = _("书单中的书")
        ordering = ["book_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["book_list", "record"], name="booklist_record_once"),
            models.UniqueConstraint(
                fields=["book_list", "position"], name="booklist_position_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.book_list_id} #{self.position} {self.record_id}"

    @property
    def note(self) -> str:
        return translated(self, "note")


class BookListAnnouncement(models.Model):
    """A published list sent to a reader segment: each member within the sender's
    reach got a library message. Holds a count, never who. Once per list and segment."""

    book_list = models.ForeignKey(BookList, on_delete=models.PROTECT, related_name="announcements")
    segment = models.ForeignKey(
        "recommendations.Segment",
        verbose_name=_("读者群"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("推送时间"))
    recipients = models.PositiveIntegerField(_("收到的读者数"), default=0)

    class Meta:
        verbose_name = _("书单推送")
        verbose_name_plural = _("书单推送")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["book_list", "segment"], name="booklist_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.book_list_id} → {self.segment_id}"
