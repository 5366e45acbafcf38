"""Clippings (with their topics, attachments and the feeds they came from), the
editors' topic follows and alerts, and bulletins: series, issues, their sections,
history and submissions."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.core.media import PrivateStorage
from wenlan.thinktank.enums import (
    BulletinAction,
    BulletinStatus,
    ClippingKind,
    ClippingLanguage,
    ConsultingStatus,
    FeedbackKind,
    RequesterKind,
    SessionRequestStatus,
    SubmissionChannel,
)

# An attachment's extension → the type it is served as; nothing else is accepted.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


@deconstructible
class AttachmentPath:
    """`thinktank/<year>/<month>/<random><ext>`: never the uploader's file name."""

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower().replace(".jpeg", ".jpg")
        return f"thinktank/{clock.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, AttachmentPath)


class Topic(models.Model):
    """G20 follow-up, ecological city, two sessions, and any topic staff create.
    `keywords` (one per line) flag new clippings to the editors who follow it."""

    slug = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    keywords = models.TextField(_("提醒关键词"), blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.splitlines() if k.strip()]


class Feed(models.Model):
    """A subscription: an RSS or Atom feed at a URL, or a file in
    WENLAN_THINKTANK_FEED_DIR that an operator put there."""

    name = models.CharField(_("名称"), max_length=200)
    url = models.URLField(_("地址"), max_length=1000, blank=True)
    path = models.CharField(_("文件"), max_length=500, blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(
        _("类别"), max_length=20, choices=ClippingKind.choices, default=ClippingKind.DOMESTIC_POLICY
    )
    is_active = models.BooleanField(default=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(path="")) | (~Q(url="") & Q(path="")),
                name="thinktank_feed_url_or_path",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def location(self) -> str:
        return self.url or self.path


class Clipping(models.Model):
    title = models.CharField(_("标题"), max_length=500)
    source = models.CharField(_("来源"), max_length=200)
    author = models.CharField(_("作者"), max_length=200, blank=True)
    published_on = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=20, choices=ClippingKind.choices)
    language = models.CharField(
        _("语言"), max_length=10, choices=ClippingLanguage.choices, default=ClippingLanguage.ZH
    )
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("全文或节选"), blank=True)
    link = models.URLField(_("链接"), max_length=1000, blank=True)
    tags = models.CharField(_("标签"), max_length=500, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="clippings")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL)
    # A feed entry's id (or its link): the same entry read again is not added twice.
    entry_key = models.CharField(max_length=1000, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["published_on"]),
            models.Index(fields=["source"]),
            models.Index(fields=["link"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entry_key"], condition=~Q(entry_key=""), name="thinktank_clipping_entry"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ClippingAttachment(models.Model):
    clipping = models.ForeignKey(Clipping, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=AttachmentPath(), storage=PrivateStorage(), max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        return ATTACHMENT_TYPES.get(PurePath(self.file.name).suffix, "application/octet-stream")


class TopicFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="thinktank_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id}"


class ClippingAlert(models.Model):
    """A new clipping that matched a keyword of a topic the editor follows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    clipping = models.ForeignKey(Clipping, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    keyword = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=clock.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "clipping"], name="thinktank_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.keyword}: {self.clipping_id}"


class Series(models.Model):
    """决策参考, 两会专报, 生态环保专刊 … Its row is locked while an issue is numbered."""

    slug = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    issuer = models.CharField(_("编印单位"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name_zh"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name_zh


class Bulletin(models.Model):
    """One issue of a series. Its number (2026年第N期) is given when the chief issues
    it, so a draft abandoned leaves no gap in the numbering."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("标题"), max_length=300)
    status = models.CharField(
        max_length=20, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    year = models.PositiveIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"],
                condition=Q(number__isnull=False),
                name="thinktank_bulletin_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number_label(self) -> str:
        if self.number is None:
            return ""
        return _("%(year)d年第%(number)d期") % {"year": self.year, "number": self.number}


class BulletinSection(models.Model):
    """One entry of an issue, in order: built from a clipping (its text copied, so
    that editing the issue never changes the clipping), with the editor's note."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    clipping = models.ForeignKey(Clipping, null=True, blank=True, on_delete=models.SET_NULL)
    heading = models.CharField(_("标题"), max_length=500)
    text = models.TextField(_("正文"), blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    note = models.TextField(_("编者按"), blank=True)

    class Meta:
        ordering = ["bulletin", "position", "pk"]

    def __str__(self) -> str:
        return self.heading


class BulletinEvent(models.Model):
    """The history of an issue: every change, who made it, and the reviewer's comments."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=BulletinAction.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """An issued bulletin sent to an office (市委办公厅 …), when and how."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="submissions")
    office = models.CharField(_("报送单位"), max_length=200)
    submitted_on = models.DateField(_("报送日期"))
    channel = models.CharField(_("报送方式"), max_length=20, choices=SubmissionChannel.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.office} {self.submitted_on}"


class Feedback(models.Model):
    """What a submission brought: a leader's instruction (领导批示) or adoption in a policy."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("类型"), max_length=20, choices=FeedbackKind.choices)
    received_on = models.DateField(_("日期"))
    by_whom = models.CharField(_("批示人或采纳单位"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.by_whom}"


class SessionRequest(models.Model):
    """A question from a deputy (代表) or member (委员) at the two sessions (两会)."""

    requester = models.CharField(_("代表/委员"), max_length=100)
    requester_kind = models.CharField(_("身份"), max_length=10, choices=RequesterKind.choices)
    delegation = models.CharField(_("代表团或界别"), max_length=100, blank=True)
    question = models.TextField(_("咨询问题"))
    due_at = models.DateTimeField(_("答复期限"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=SessionRequestStatus.choices, default=SessionRequestStatus.OPEN
    )
    answer = models.TextField(_("答复"), blank=True)
    sources = models.TextField(_("参考来源"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["status", "due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.requester}: {self.question[:40]}"


class DeskLogEntry(models.Model):
    """The two-sessions desk's log of on-site service (who was on duty, what was done)."""

    at = models.DateTimeField(default=clock.now)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("地点"), max_length=100)
    note = models.TextField(_("服务记录"))

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.place} {self.at:%Y-%m-%d %H:%M}"


class ThematicProduct(models.Model):
    """A thematic information product (the ecological-city bulletin, a topic page of
    curated sources): staff pick the clippings; readers see it once published."""

    slug = models.SlugField(max_length=60, unique=True)
    title_zh = models.CharField(_("标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    intro_zh = models.TextField(_("导语"), blank=True)
    intro_en = models.TextField(_("英文导语"), blank=True)
    clippings = models.ManyToManyField(Clipping, blank=True, related_name="products")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def intro(self) -> str:
        return translated(self, "intro")


class ConsultingRequest(models.Model):
    """An enterprise's (a partner's) technology question: a librarian is assigned,
    delivers a report file, and the enterprise accepts it or asks for more."""

    partner = models.ForeignKey("network.Partner", on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    question = models.TextField(_("咨询问题"))
    status = models.CharField(
        max_length=20, choices=ConsultingStatus.choices, default=ConsultingStatus.FILED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.FileField(
        upload_to=AttachmentPath(), storage=PrivateStorage(), max_length=200, blank=True
    )
    report_name = models.CharField(max_length=200, blank=True)
    filed_at = models.DateTimeField(default=clock.now)
    delivered_at = models.DateTimeField(null=True, blank=True)  # the first delivery
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ConsultingEvent(models.Model):
    """What happened to a request, with the enterprise's or the librarian's words."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=clock.now)
    actor_label = models.CharField(max_length=150)
    status = models.CharField(max_length=20, choices=ConsultingStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d %H:%M}"
