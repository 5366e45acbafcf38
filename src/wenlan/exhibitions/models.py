"""An online exhibition and its images."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.media import UploadPath, validate_image
from wenlan.core.models import TimestampedModel, slug_validator


class Exhibition(TimestampedModel):
    """An online exhibition, for those who cannot come: ordered images with captions
    in both languages; a panorama image is shown in a viewer that pans."""

    slug = models.SlugField(_("标识"), max_length=64, unique=True, validators=[slug_validator])
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
    opens_on = models.DateField(_("开展日期"), null=True, blank=True)
    closes_on = models.DateField(_("闭展日期"), null=True, blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)

    class Meta:
        verbose_name = _("线上展览")
        verbose_name_plural = _("线上展览")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organiser_library__isnull=False, organiser_partner__isnull=True)
                | Q(organiser_library__isnull=True, organiser_partner__isnull=False),
                name="exhibition_one_organiser",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="exhibition_closes_after_opening",
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


class ExhibitionImage(models.Model):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(_("顺序"))
    image = models.ImageField(
        _("图片"), upload_to=UploadPath("exhibitions"), blank=True, validators=[validate_image]
    )
    image_url = models.URLField(
        _("图片地址"), max_length=500, blank=True, help_text=_("不上传图片时，填写图片的网址。")
    )
    caption_zh = models.CharField(_("中文说明"), max_length=500)
    caption_en = models.CharField(_("英文说明"), max_length=500, blank=True)
    is_panorama = models.BooleanField(
        _("全景图"), default=False, help_text=_("宽幅或 360° 全景图片，在页面上可左右拖动浏览。")
    )

    class Meta:
        verbose_name = _("展品图片")
        verbose_name_plural = _("展品图片")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "position"], name="exhibition_image_position_unique"
            ),
            models.CheckConstraint(
                condition=~Q(image="") | ~Q(image_url=""), name="exhibition_image_has_picture"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.caption_zh[:40]}"

    def clean(self) -> None:
        if not self.image and not self.image_url:
            raise ValidationError(_("请上传图片或填写图片地址。"))

    @property
    def image_src(self) -> str:
        return self.image.url if self.image else self.image_url

    @property
    def caption(self) -> str:
        return translated(self, "caption")
