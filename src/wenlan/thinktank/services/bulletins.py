"""Bulletins: series, issues drafted from clippings into ordered sections with the
editor's notes, and their workflow — the editor drafts and submits, the chief
editor sends back with a comment or approves, then issues. The issue's number
(2026年第N期) is allocated when it is issued, under the series' row lock: two issues
never share one, and a draft never issued leaves no gap. Every change is a
BulletinEvent."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank import locks, policies
from wenlan.thinktank.enums import BulletinAction
from wenlan.thinktank.errors import BulletinEmptyError, BulletinStateError
from wenlan.thinktank.feeds import to_text
from wenlan.thinktank.models import Bulletin, BulletinEvent, BulletinSection, Clipping, Series
from wenlan.thinktank.permissions import ensure_chief, ensure_editor
from wenlan.thinktank.services.clippings import search_text_of


def _text(value: str, *, limit: int, name: str, required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


def _record(actor, bulletin: Bulletin, action: str, comment: str = "") -> None:
    user = acting_user(actor)
    BulletinEvent.objects.create(
        bulletin=bulletin,
        at=clock.now(),
        actor=user,
        actor_label=user.get_username() if user else "system",
        action=action,
        comment=comment,
    )


def _touch(bulletin: Bulletin) -> None:
    sections = bulletin.sections.all()
    bulletin.search_text = search_text_of(
        bulletin.title, *(f"{s.heading} {s.text} {s.note}" for s in sections)
    )
    bulletin.updated_at = clock.now()
    bulletin.save(update_fields=["search_text", "updated_at", "title", "status"])


def _editable(bulletin_id: int) -> Bulletin:
    bulletin = locks.lock_bulletin(bulletin_id)
    if bulletin.status not in policies.EDITABLE:
        raise BulletinStateError(_("只有草稿或退回修改的简报可以编辑。"))
    return bulletin


def _get(bulletin_id: int) -> Bulletin:
    if not Bulletin.objects.filter(pk=bulletin_id).exists():
        raise NotFoundError()
    return locks.lock_bulletin(bulletin_id)


@transaction.atomic
def series_create(*, actor, slug: str, name_zh: str, name_en: str = "", issuer: str = "") -> Series:
    ensure_chief(actor)
    series = Series(
        slug=_text(slug, limit=60, name="slug", required=True),
        name_zh=_text(name_zh, limit=100, name=_("名称"), required=True),
        name_en=_text(name_en, limit=100, name=_("英文名称")),
        issuer=_text(issuer, limit=200, name=_("编印单位")),
    )
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError as error:
        raise ValidationError(_("已有这个代码的系列。"), field="slug") from error
    return series


@transaction.atomic
def bulletin_create(*, actor, series_id: int, title: str) -> Bulletin:
    ensure_editor(actor)
    if not Series.objects.filter(pk=series_id).exists():
        raise ValidationError(_("请选择系列。"), field="series")
    bulletin = Bulletin.objects.create(
        series_id=series_id,
        title=_text(title, limit=300, name=_("标题"), required=True),
        created_by=acting_user(actor),
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    _touch(bulletin)
    _record(actor, bulletin, BulletinAction.CREATED)
    return bulletin


@transaction.atomic
def bulletin_retitle(*, actor, bulletin_id: int, title: str) -> Bulletin:
    ensure_editor(actor)
    if not Bulletin.objects.filter(pk=bulletin_id).exists():
        raise NotFoundError()
    bulletin = _editable(bulletin_id)
    bulletin.title = _text(title, limit=300, name=_("标题"), required=True)
    _touch(bulletin)
    _record(
        actor, bulletin, BulletinAction.EDITED, _("标题改为：%(title)s") % {"title": bulletin.title}
    )
    return bulletin


@transaction.atomic
def bulletin_section_add(
    *, actor, bulletin_id: int, clipping_id: int, note: str = ""
) -> BulletinSection:
    """The clipping's title, summary (or text) and source are copied into the issue."""
    ensure_editor(actor)
    if not Bulletin.objects.filter(pk=bulletin_id).exists():
        raise NotFoundError()
    bulletin = _editable(bulletin_id)
    clipping = Clipping.objects.filter(pk=clipping_id).first()
    if clipping is None:
        raise NotFoundError()
    last = bulletin.sections.aggregate(last=Max("position"))["last"] or 0
    source = " · ".join(
        part
        for part in (clipping.source, clipping.author, f"{clipping.published_on:%Y-%m-%d}")
        if part
    )
    section = BulletinSection.objects.create(
        bulletin=bulletin,
        position=last + 1,
        clipping=clipping,
        heading=clipping.title[:500],
        text=to_text(clipping.summary or clipping.body),
        source=source[:300],
        note=_text(note, limit=5000, name=_("编者按")),
    )
    _touch(bulletin)
    _record(actor, bulletin, BulletinAction.SECTION_ADDED, section.heading)
    return section


def _section(section_id: int) -> tuple[Bulletin, BulletinSection]:
    found = BulletinSection.objects.filter(pk=section_id).values_list("bulletin_id", flat=True)
    if not found:
        raise NotFoundError()
    bulletin = _editable(found[0])
    return bulletin, BulletinSection.objects.get(pk=section_id)


@transaction.atomic
def bulletin_section_edit(
    *, actor, section_id: int, heading: str, text: str, note: str
) -> BulletinSection:
    ensure_editor(actor)
    bulletin, section = _section(section_id)
    section.heading = _text(heading, limit=500, name=_("标题"), required=True)
    section.text = _text(text, limit=50_000, name=_("正文"))
    section.note = _text(note, limit=5000, name=_("编者按"))
    section.save(update_fields=["heading", "text", "note"])
    _touch(bulletin)
    _record(actor, bulletin, BulletinAction.EDITED, section.heading)
    return section


@transaction.atomic
def bulletin_section_remove(*, actor, section_id: int) -> None:
    ensure_editor(actor)
    bulletin, section = _section(section_id)
    heading = section.heading
    section.delete()
    for position, each in enumerate(bulletin.sections.order_by("position", "pk"), start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    _touch(bulletin)
    _record(actor, bulletin, BulletinAction.SECTION_REMOVED, heading)


@transaction.atomic
def bulletin_section_move(*, actor, section_id: int, up: bool) -> None:
    ensure_editor(actor)
    bulletin, section = _section(section_id)
    ordered = list(bulletin.sections.order_by("position", "pk"))
    index = next(i for i, s in enumerate(ordered) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    _touch(bulletin)
    _record(actor, bulletin, BulletinAction.SECTION_MOVED, section.heading)


def _step(actor, bulletin: Bulletin, action: str, event: str, comment: str = "") -> Bulletin:
    to = policies.next_status(bulletin.status, action)
    if to is None:
        raise BulletinStateError()
    bulletin.status = to
    _touch(bulletin)
    _record(actor, bulletin, event, comment)
    return bulletin


@transaction.atomic
def bulletin_submit(*, actor, bulletin_id: int) -> Bulletin:
    ensure_editor(actor)
    bulletin = _get(bulletin_id)
    if not bulletin.sections.exists():
        raise BulletinEmptyError()
    return _step(actor, bulletin, "submit", BulletinAction.SUBMITTED)


@transaction.atomic
def bulletin_send_back(*, actor, bulletin_id: int, comment: str) -> Bulletin:
    ensure_chief(actor)
    comment = _text(comment, limit=5000, name=_("审核意见"), required=True)
    return _step(actor, _get(bulletin_id), "send_back", BulletinAction.SENT_BACK, comment)


@transaction.atomic
def bulletin_approve(*, actor, bulletin_id: int, comment: str = "") -> Bulletin:
    ensure_chief(actor)
    comment = _text(comment, limit=5000, name=_("审核意见"))
    return _step(actor, _get(bulletin_id), "approve", BulletinAction.APPROVED, comment)


@transaction.atomic
def bulletin_issue(*, actor, bulletin_id: int) -> Bulletin:
    """Numbers the issue in its series and year, under the series' lock (series
    first, then the issue: the same order everywhere)."""
    ensure_chief(actor)
    series_id = Bulletin.objects.filter(pk=bulletin_id).values_list("series_id", flat=True).first()
    if series_id is None:
        raise NotFoundError()
    locks.lock_series(series_id)
    bulletin = locks.lock_bulletin(bulletin_id)
    if policies.next_status(bulletin.status, "issue") is None:
        raise BulletinStateError()
    today = clock.today()
    taken = list(
        Bulletin.objects.filter(
            series_id=series_id, year=today.year, number__isnull=False
        ).values_list("number", flat=True)
    )
    bulletin.year = today.year
    bulletin.number = policies.next_number(taken)
    bulletin.issued_on = today
    bulletin.save(update_fields=["year", "number", "issued_on"])
    return _step(actor, bulletin, "issue", BulletinAction.ISSUED, str(bulletin.number_label))
