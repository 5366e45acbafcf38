"""Feeds: subscriptions (a URL, or a file in WENLAN_THINKTANK_FEED_DIR), one feed
read into clippings (`feed_import`), and every subscription read (`feeds_fetch`,
the `wenlan thinktank fetch` command). An entry already stored (by its id or its
link) is a duplicate; a feed refused as a whole changes nothing."""

from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock, text
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank import feeds
from wenlan.thinktank.enums import ClippingKind, ClippingLanguage
from wenlan.thinktank.errors import FeedRefusedError
from wenlan.thinktank.models import Clipping, Feed, Topic
from wenlan.thinktank.permissions import ensure_editor
from wenlan.thinktank.services.clippings import ClippingIn, clipping_store


@dataclass
class ImportSummary:
    location: str
    new: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)
    refused: str = ""  # the reason the whole feed was refused

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def feed_subscribe(
    *,
    actor,
    name: str,
    url: str = "",
    path: str = "",
    topic_id: int | None = None,
    kind: str = ClippingKind.DOMESTIC_POLICY,
) -> Feed:
    """A URL is checked now (public http(s) only) and again at every fetch; a file
    must be inside WENLAN_THINKTANK_FEED_DIR."""
    ensure_editor(actor)
    name, url, path = (name or "").strip()[:200], (url or "").strip(), (path or "").strip()
    if not name:
        raise ValidationError(_("请填写名称。"), field="name")
    if bool(url) == bool(path):
        raise ValidationError(_("请填写地址或文件中的一项。"), field="url")
    if kind not in ClippingKind.values:
        raise ValidationError(_("请选择类别。"), field="kind")
    try:
        if url:
            if len(url) > 1000:
                raise FeedRefusedError(_("地址过长。"))
            feeds.check_url(url)
        else:
            feeds.feed_file(path)
    except FeedRefusedError as error:
        raise ValidationError(str(error), field="url" if url else "path") from error
    if topic_id is not None and not Topic.objects.filter(pk=topic_id).exists():
        raise NotFoundError()
    return Feed.objects.create(name=name, url=url, path=path, topic_id=topic_id, kind=kind)


def _language(feed_language: str, entry: feeds.FeedEntry) -> str:
    code = feed_language.lower()
    if code.startswith("zh"):
        return ClippingLanguage.ZH
    if code.startswith("en"):
        return ClippingLanguage.EN
    if text.has_han(entry.title):
        return ClippingLanguage.ZH
    return ClippingLanguage.EN if entry.title.isascii() else ClippingLanguage.OTHER


def _store_entries(
    parsed: feeds.ParsedFeed,
    *,
    summary: ImportSummary,
    source: str,
    kind: str,
    topic: Topic | None,
    feed_id: int | None,
    created_by,
) -> None:
    summary.rejected.extend({"entry": e, "reason": r} for e, r in parsed.rejected)
    today = clock.today()
    keys = {entry.key for entry in parsed.entries}
    links = {entry.link for entry in parsed.entries if entry.link}
    stored = Clipping.objects.filter(Q(entry_key__in=keys) | Q(link__in=links))
    seen_keys, seen_links = set(), set()
    for key, link in stored.values_list("entry_key", "link"):
        seen_keys.add(key)
        seen_links.add(link)
    for entry in parsed.entries:
        if entry.key in seen_keys or (entry.link and entry.link in seen_links):
            summary.duplicates += 1
            continue
        seen_keys.add(entry.key)  # the same entry twice in one feed
        if entry.link:
            seen_links.add(entry.link)
        data = ClippingIn(
            title=entry.title,
            source=source,
            published_on=entry.published_on or today,
            kind=kind,
            language=_language(parsed.language, entry),
            author=entry.author,
            summary=entry.summary,
            body=entry.body,
            link=entry.link,
            topic_ids=[topic.pk] if topic else [],
        )
        try:
            with transaction.atomic():
                clipping_store(
                    data=data, created_by=created_by, feed_id=feed_id, entry_key=entry.key
                )
        except IntegrityError:  # the same entry stored meanwhile by another run
            summary.duplicates += 1
        except ValidationError as error:
            summary.rejected.append({"entry": entry.title[:200], "reason": str(error)})
        else:
            summary.new += 1


def feed_import(
    *,
    actor,
    location: str,
    topic_slug: str = "",
    kind: str = ClippingKind.DOMESTIC_POLICY,
    feed: Feed | None = None,
) -> ImportSummary:
    """Reads one feed (a URL or a file in WENLAN_THINKTANK_FEED_DIR) into clippings.
    The bytes are read before any transaction is opened: a slow feed holds no locks."""
    ensure_editor(actor)
    summary = ImportSummary(location=location)
    topic = None
    if topic_slug:
        topic = Topic.objects.filter(slug=topic_slug).first()
        if topic is None:
            raise ValidationError(_("没有代码为 %(slug)s 的专题。") % {"slug": topic_slug})
    try:
        parsed = feeds.parse(feeds.read(location))
    except FeedRefusedError as error:
        summary.refused = str(error)
    else:
        with transaction.atomic():
            _store_entries(
                parsed,
                summary=summary,
                source=(feed.name if feed else parsed.title) or location,
                kind=kind,
                topic=topic,
                feed_id=feed.pk if feed else None,
                created_by=acting_user(actor),
            )
    if feed is not None:
        Feed.objects.filter(pk=feed.pk).update(
            last_fetched_at=clock.now(), last_summary=summary.as_dict()
        )
    return summary


def feeds_fetch(*, actor, progress=None) -> list[ImportSummary]:
    """Every active subscription, one after the other (`progress(i, n, feed)` between)."""
    ensure_editor(actor)
    subscriptions = list(Feed.objects.filter(is_active=True).select_related("topic"))
    summaries = []
    for index, feed in enumerate(subscriptions, start=1):
        if progress is not None:
            progress(index, len(subscriptions), feed)
        summaries.append(
            feed_import(
                actor=actor,
                location=feed.location,
                kind=feed.kind,
                feed=feed,
                topic_slug=feed.topic.slug if feed.topic else "",
            )
        )
    return summaries
