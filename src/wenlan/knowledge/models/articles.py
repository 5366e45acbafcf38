from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel, slug_validator
from wenlan.knowledge.enums import ArticleKind, PassageLanguage


class Topic(models.Model):
    slug = models.SlugField(_("标识"), max_length=64, unique=True, validators=[slug_validator])
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")


class Article(TimestampedModel):
    """An article in both languages, cut into passages (one per paragraph)."""

    slug = models.SlugField(_("标识"), max_length=100, unique=True, validators=[slug_validator])
    kind = models.CharField(
        _("类型"), max_length=16, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("主题"), blank=True, related_name="articles"
    )
    review_on = models.DateField(_("复审日期"), help_text=_("过了这一天，文章标为待复审。"))
    is_published = models.BooleanField(_("已发布"), default=True)
    origin = models.CharField(
        _("来源说明"), max_length=200, blank=True, help_text=_("如导入的文件、参考咨询问题。")
    )
    # The digest of what an import or a generation last wrote: the same content
    # again is no change (so importing twice changes nothing).
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("知识库文章")
        verbose_name_plural = _("知识库文章")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def is_stale(self) -> bool:
        return self.review_on < clock.today()

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", kwargs={"slug": self.slug})


class Source(models.Model):
    """A source an article cites; passages cite it by its position (1-based)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=300)
    publisher = models.CharField(_("发布者"), max_length=200, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    date = models.CharField(_("日期"), max_length=10, blank=True, help_text="YYYY-MM-DD")

    class Meta:
        verbose_name = _("出处")
        verbose_name_plural = _("出处")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="knowledge_source_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Passage(models.Model):
    """A paragraph that answers something on its own, in one language; passage n
    of an article says in English what passage n says in Chinese."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="passages")
    language = models.CharField(_("语言"), max_length=8, choices=PassageLanguage.choices)
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("正文"))
    sources = models.ManyToManyField(Source, verbose_name=_("出处"), blank=True, related_name="+")
    # What the passage (with its article's title) is searched by, space-separated
    # (knowledge.terms.passage_terms), written with it so that a process builds its
    # index without cutting every passage again; `terms_key` names the synonym list
    # and analysis they were made with (older ones are cut again when read).
    terms = models.TextField(blank=True, editable=False)
    terms_key = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        verbose_name = _("段落")
        verbose_name_plural = _("段落")
        ordering = ["article", "language", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "position"],
                name="knowledge_passage_unique_position",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="knowledge_passage_position_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug}#{self.position} ({self.language})"

    @property
    def ref(self) -> str:
        return f"{self.article.slug}#{self.position}"


class KnowledgeVersion(models.Model):
    """One row: a number every change to the knowledge base bumps, so that each
    process rebuilds its search index when it reads a new one."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("知识库版本")
        verbose_name_plural = _("知识库版本")

    def __str__(self) -> str:
        return str(self.number)
