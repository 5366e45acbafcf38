"""Clippings added by hand (and, through `services.feeds`, from feeds), their
attachments, topics, follows and keyword alerts."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock, text
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank import policies
from wenlan.thinktank.enums import ClippingKind, ClippingLanguage
from wenlan.thinktank.errors import AttachmentRefusedError
from wenlan.thinktank.feeds import plain, sanitise
from wenlan.thinktank.models import (
    ATTACHMENT_TYPES,
    Clipping,
    ClippingAlert,
    ClippingAttachment,
    Topic,
    TopicFollow,
)
from wenlan.thinktank.permissions import ensure_editor


@dataclass
class ClippingIn:
    title: str
    source: str
    published_on: dt.date
    kind: str
    language: str = ClippingLanguage.ZH
    author: str = ""
    summary: str = ""
    body: str = ""
    link: str = ""
    tags: str = ""
    topic_ids: list[int] = field(default_factory=list)


def search_text_of(*parts: str) -> str:
    """The clipping's (or bulletin's) words in the project's one normal form,
    space-separated and space-framed so a query word matches whole words."""
    return f" {text.index_text(' '.join(plain(p) for p in parts if p))} "


def _clean(value: str, *, limit: int, name: str, required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


def _alert_followers(clipping: Clipping) -> int:
    """Flags the clipping to every editor following a topic one of whose keywords
    it matches (once per editor)."""
    made = 0
    for topic in Topic.objects.exclude(keywords=""):
        keyword = policies.matching_keyword(
            clipping.search_text, topic.keyword_list, text.query_words
        )
        if keyword is None:
            continue
        for follow in TopicFollow.objects.filter(topic=topic).exclude(
            user__in=ClippingAlert.objects.filter(clipping=clipping).values("user")
        ):
            ClippingAlert.objects.create(
                user_id=follow.user_id, clipping=clipping, topic=topic, keyword=keyword
            )
            made += 1
    return made


def clipping_store(
    *, data: ClippingIn, created_by=None, feed_id: int | None = None, entry_key: str = ""
) -> Clipping:
    """Writes a checked clipping and its alerts (callers hold the permission)."""
    if data.kind not in ClippingKind.values:
        raise ValidationError(_("请选择类别。"), field="kind")
    if data.language not in ClippingLanguage.values:
        raise ValidationError(_("请选择语言。"), field="language")
    clipping = Clipping(
        title=_clean(data.title, limit=500, name=_("标题"), required=True),
        source=_clean(data.source, limit=200, name=_("来源"), required=True),
        author=_clean(data.author, limit=200, name=_("作者")),
        published_on=data.published_on,
        kind=data.kind,
        language=data.language,
        summary=sanitise(_clean(data.summary, limit=20_000, name=_("摘要"))),
        body=sanitise(_clean(data.body, limit=200_000, name=_("全文或节选"))),
        link=_clean(data.link, limit=1000, name=_("链接")),
        tags=_clean(data.tags, limit=500, name=_("标签")),
        feed_id=feed_id,
        entry_key=entry_key,
        created_by=created_by,
        created_at=clock.now(),
    )
    clipping.search_text = search_text_of(
        clipping.title,
        clipping.summary,
        clipping.body,
        clipping.source,
        clipping.author,
        clipping.tags,
    )
    clipping.save()
    if data.topic_ids:
        clipping.topics.set(Topic.objects.filter(pk__in=data.topic_ids))
    _alert_followers(clipping)
    return clipping


@transaction.atomic
def clipping_create(*, actor, data: ClippingIn) -> Clipping:
    ensure_editor(actor)
    if data.link and not data.link.startswith(("http://", "https://")):
        raise ValidationError(_("链接须以 http:// 或 https:// 开头。"), field="link")
    return clipping_store(data=data, created_by=acting_user(actor))


def upload_checked(upload: UploadedFile) -> str:
    """An attachment's or a report's file: PDF, Word, Excel, text or an image (its
    first bytes must agree with its extension), at most WENLAN_UPLOAD_MAX_MB.
    Returns the name to show for it."""
    suffix = PurePath(upload.name or "").suffix.lower().replace(".jpeg", ".jpg")
    if suffix not in ATTACHMENT_TYPES:
        raise AttachmentRefusedError(
            _("只接受 PDF、DOCX、XLSX、TXT、PNG 或 JPG 附件。"), field="file"
        )
    limit = settings.WENLAN_UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise AttachmentRefusedError(
            _("附件不能超过 %(limit)d MB。") % {"limit": limit}, field="file"
        )
    head = upload.read(8)
    upload.seek(0)
    magic = {
        ".pdf": b"%PDF",
        ".docx": b"PK",
        ".xlsx": b"PK",
        ".png": b"\x89PNG",
        ".jpg": b"\xff\xd8",
    }
    if suffix in magic and not head.startswith(magic[suffix]):
        raise AttachmentRefusedError(
            _("附件内容与扩展名 %(suffix)s 不符。") % {"suffix": suffix}, field="file"
        )
    return _clean(PurePath(upload.name).name, limit=200, name=_("文件名")) or f"file{suffix}"


@transaction.atomic
def clipping_attach(*, actor, clipping_id: int, upload: UploadedFile) -> ClippingAttachment:
    ensure_editor(actor)
    clipping = Clipping.objects.filter(pk=clipping_id).first()
    if clipping is None:
        raise NotFoundError()
    name = upload_checked(upload)
    return ClippingAttachment.objects.create(
        clipping=clipping, file=upload, name=name, size=upload.size
    )


@transaction.atomic
def topic_create(*, actor, slug: str, name_zh: str, name_en: str = "", keywords: str = "") -> Topic:
    ensure_editor(actor)
    topic = Topic(
        slug=_clean(slug, limit=60, name="slug", required=True),
        name_zh=_clean(name_zh, limit=100, name=_("名称"), required=True),
        name_en=_clean(name_en, limit=100, name=_("英文名称")),
        keywords=_clean(keywords, limit=2000, name=_("提醒关键词")),
    )
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError as error:
        raise ValidationError(_("已有这个代码的专题。"), field="slug") from error
    return topic


@transaction.atomic
def topic_follow(*, actor, topic_id: int, follow: bool) -> None:
    ensure_editor(actor)
    user = acting_user(actor)
    if not Topic.objects.filter(pk=topic_id).exists():
        raise NotFoundError()
    if follow:
        TopicFollow.objects.get_or_create(user=user, topic_id=topic_id)
    else:
        TopicFollow.objects.filter(user=user, topic_id=topic_id).delete()


@transaction.atomic
def alerts_mark_seen(*, actor) -> int:
    ensure_editor(actor)
    return ClippingAlert.objects.filter(user=acting_user(actor), seen_at__isnull=True).update(
        seen_at=clock.now()
    )
