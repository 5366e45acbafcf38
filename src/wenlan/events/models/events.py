import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.media import UploadPath, validate_image
from wenlan.core.models import Place, TimestampedModel, slug_validator
from wenlan.events.enums import (
    ACTIVE_REGISTRATION_STATUSES,
    EventCategory,
    EventSource,
    EventStatus,
    RegistrationStatus,
)


def new_event_uid() -> str:
    return f"{uuid.uuid4()}@wenlan"


class Channel(TimestampedModel):
    """A themed sub-site (浙江省合唱网, 院士讲座, 创客空间…), created by staff."""

    slug = models.SlugField(_("标识"), max_length=64, unique=True, validators=[slug_validator])
    title_zh = models.CharField(_("中文名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    description_zh = models.TextField(_("中文简介"), blank=True)
    description_en = models.TextField(_("英文简介"), blank=True)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("合作机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("活动频道")
        verbose_name_plural = _("活动频道")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def description(self) -> str:
        return translated(self, "description")


class Venue(TimestampedModel, Place):
    """A room in a library, or an outside place with its address and coordinates."""

    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    library = models.ForeignKey(
        "network.Library",
        verbose_name=_("所在图书馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("活动场地")
        verbose_name_plural = _("活动场地")
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def address(self) -> str:
        return translated(self, "address") or (self.library.address if self.library_id else "")

    @property
    def full_address(self) -> str:
        """Room, street address and library, in the active language: what a calendar
        or a search engine shows, where the room's name alone tells no one where to go."""
        library = self.library.name if self.library_id else ""
        parts = (self.name, self.address, library)
        return ", ".join(dict.fromkeys(part for part in parts if part))


class Event(TimestampedModel):
    uid = models.CharField(_("全局标识 (UID)"), max_length=255, unique=True, default=new_event_uid)
    external_uid = models.CharField(
        _("来源 UID"), max_length=255, blank=True, help_text=_("合作方日历中的 UID，用于同步。")
    )
    source = models.CharField(
        _("来源"), max_length=16, choices=EventSource.choices, default=EventSource.STAFF
    )
    source_sequence = models.IntegerField(_("来源版本号"), default=0)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    description_zh = models.TextField(_("中文介绍"), blank=True)
    description_en = models.TextField(_("英文介绍"), blank=True)
    organiser_library = models.ForeignKey(
        "network.Library",
        verbose_name=_("主办图书馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser_partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("主办合作机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("场地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    category = models.CharField(
        _("类别"), max_length=16, choices=EventCategory.choices, default=EventCategory.OTHER
    )
    age_min = models.PositiveSmallIntegerField(_("最小年龄"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("最大年龄"), null=True, blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name=_("频道"), blank=True, related_name="events"
    )
    image = models.ImageField(
        _("图片"),
        upload_to=UploadPath("events"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG、PNG、WebP 或 GIF；也可只填图片地址。"),
    )
    image_url = models.URLField(_("图片地址"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    registration_required = models.BooleanField(_("需要报名"), default=True)
    registration_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    max_occurrences_per_reader = models.PositiveSmallIntegerField(
        _("每位读者可报场次"), default=1, validators=[MinValueValidator(1)]
    )
    needs_id = models.BooleanField(_("需凭身份证入场"), default=False)
    price = models.DecimalField(_("票价（元）"), max_digits=8, decimal_places=2, default=0)
    reader_organiser = models.ForeignKey(
        "patrons.Reader",
        verbose_name=_("读者组织者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("读者提议的活动：读者是组织者，主办图书馆提供支持。"),
    )
    club = models.ForeignKey(
        "events.ReadingClub",
        verbose_name=_("阅读组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    # Normalised words and pinyin of the title and description (wenlan.core.text),
    # rewritten by the services whenever those change.
    search_text = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organiser_library__isnull=False, organiser_partner__isnull=True)
                | Q(organiser_library__isnull=True, organiser_partner__isnull=False),
                name="event_one_organiser",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="event_age_range_ordered",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="event_price_not_negative"),
            models.UniqueConstraint(
                fields=["organiser_partner", "external_uid"],
                condition=~Q(external_uid=""),
                name="event_partner_external_uid_unique",
            ),
            models.UniqueConstraint(
                fields=["organiser_library", "external_uid"],
                condition=~Q(external_uid=""),
                name="event_library_external_uid_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def organiser(self):
        return self.organiser_library if self.organiser_library_id else self.organiser_partner

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def image_src(self) -> str:
        """The uploaded picture's address, else the picture address given."""
        return self.image.url if self.image else self.image_url


class Occurrence(models.Model):
    """One occurrence of an event. `confirmed_count` and `waitlist_count` are kept
    under the occurrence's row lock, so the capacity check never reads a stale count."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("名额"), default=0)
    confirmed_count = models.PositiveIntegerField(_("已确认人数"), default=0)
    waitlist_count = models.PositiveIntegerField(_("候补人数"), default=0)
    is_cancelled = models.BooleanField(_("已取消"), default=False)

    class Meta:
        verbose_name = _("场次")
        verbose_name_plural = _("场次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="occurrence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=models.F("capacity")),
                name="occurrence_never_oversold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count)


class Registration(models.Model):
    reader = models.ForeignKey(
        "patrons.Reader",
        verbose_name=_("读者"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("状态"), max_length=16, choices=RegistrationStatus.choices)
    ticket_code = models.CharField(_("票券码"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("报名时间"))
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    # When the reader was told of the current status (promotion, cancellation).
    notified_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        # The primary key is the arrival order: the waitlist is served by it.
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "occurrence"],
                condition=Q(status__in=[s.value for s in ACTIVE_REGISTRATION_STATUSES]),
                name="registration_one_active_per_reader_occurrence",
            )
        ]
        indexes = [
            models.Index(fields=["occurrence", "status"]),
            models.Index(fields=["reader", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_code} {self.get_status_display()}"
