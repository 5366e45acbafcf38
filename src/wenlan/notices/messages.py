"""The text of each kind of notice, in the active language (callers render it
inside `translation.override(reader.language)` for mail, or in the page's
language for the inbox)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wenlan.notices.enums import NoticeKind


@dataclass(frozen=True)
class NoticeText:
    subject: str
    body: str


def in_every_language(make) -> dict[str, str]:
    """`make()` evaluated once per site language, for a value stored in a notice's
    params that reads differently in each (a library's name, an event's title)."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(make())
    return values


def _pick(value) -> str:
    if isinstance(value, dict):
        language = (get_language() or settings.LANGUAGE_CODE).lower()
        for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
            if code in value:
                return value[code]
        return next(iter(value.values()), "")
    return "" if value is None else str(value)


def notice_text(*, kind: str, params: dict, reader_name: str) -> NoticeText:
    p = {name: _pick(value) for name, value in params.items()}
    p["name"] = reader_name
    p.setdefault("title", "")
    if kind == NoticeKind.DUE_SOON:
        return NoticeText(
            _("即将到期：%(title)s") % p,
            _("%(name)s，您好！您借阅的《%(title)s》将于 %(due)s 到期，请按时归还或在线续借。")
            % {"due": "", **p},
        )
    if kind == NoticeKind.OVERDUE:
        return NoticeText(
            _("已逾期：%(title)s") % p,
            _("%(name)s，您好！您借阅的《%(title)s》已于 %(due)s 到期，请尽快归还。")
            % {"due": "", **p},
        )
    if kind == NoticeKind.HOLD_READY:
        return NoticeText(
            _("预约到书：%(title)s") % p,
            _("%(name)s，您好！您预约的《%(title)s》已到 %(library)s，请于 %(until)s 前取书。")
            % {"library": "", "until": "", **p},
        )
    if kind == NoticeKind.HOLD_EXPIRED:
        return NoticeText(
            _("预约已过期：%(title)s") % p,
            _("%(name)s，您好！您预约的《%(title)s》保留期已过，预约已取消。") % p,
        )
    if kind == NoticeKind.WAITLIST_PROMOTED and not p.get("code"):
        # A class place (learning) has no ticket: readers check in with the room's code.
        return NoticeText(
            _("候补成功：%(title)s") % p,
            _("%(name)s，您好！有读者取消了报名，您已从候补转为正式报名：\n%(title)s\n%(when)s")
            % {"when": "", **p},
        )
    if kind == NoticeKind.WAITLIST_PROMOTED:
        return NoticeText(
            _("候补成功：%(title)s") % p,
            _(
                "%(name)s，您好！有读者取消了报名，您已从候补转为正式报名：\n%(title)s\n"
                "%(when)s\n票券码：%(code)s"
            )
            % {"when": "", "code": "", **p},
        )
    if kind == NoticeKind.EVENT_CANCELLED:
        return NoticeText(
            _("活动取消：%(title)s") % p,
            _("%(name)s，您好！很抱歉，您报名的活动已取消：\n%(title)s\n%(when)s\n%(reason)s")
            % {"when": "", "reason": "", **p},
        )
    if kind == NoticeKind.SUGGESTION_ACCEPTED:
        return NoticeText(
            _("荐购已采纳：%(title)s") % p,
            _(
                "%(name)s，您好！您推荐购买的《%(title)s》已列入采购订单。"
                "图书到馆后会先为您预约，到书时再通知您。"
            )
            % p,
        )
    if kind == NoticeKind.SUGGESTION_DECLINED:
        return NoticeText(
            _("荐购未采纳：%(title)s") % p,
            _("%(name)s，您好！很抱歉，您推荐购买的《%(title)s》未被采纳：%(reason)s")
            % {"reason": "", **p},
        )
    if kind == NoticeKind.DELIVERY_AT_LOCKER:
        return NoticeText(
            _("悦借已存入取书柜：取件码 %(code)s") % {"code": "", **p},
            _(
                "%(name)s，您好！您的悦借图书已存入%(library)s的 %(compartment)s 号格口，"
                "取件码 %(code)s，请于 %(until)s 前取件；借期从取件时开始。"
            )
            % {"library": "", "compartment": "", "code": "", "until": "", **p},
        )
    if kind == NoticeKind.DELIVERY_RETURNED:
        return NoticeText(
            _("悦借包裹已退回：订单 %(order)s") % {"order": "", **p},
            _(
                "%(name)s，您好！您的悦借订单 %(order)s 中%(library)s发出的包裹未能送到您手中"
                "（%(reason)s），图书已放回书架，可以重新下单。"
            )
            % {"order": "", "library": "", "reason": "", **p},
        )
    if kind == NoticeKind.QUESTION_ANSWERED:
        return NoticeText(
            _("咨询已答复：%(title)s") % p,
            _(
                "%(name)s，您好！馆员已答复您的咨询（%(number)s 号）“%(title)s”，"
                "请在“我的咨询”中查看答复和参考来源。"
            )
            % {"number": "", **p},
        )
    if kind == NoticeKind.VOLUNTEER_SHIFT:
        return _volunteer_shift_text(p)
    if kind == NoticeKind.LIBRARY_MESSAGE:
        # A message from the library to a group of readers (a segment): `message`
        # says what it is about, `title` names it (e.g. an event).
        return NoticeText(
            _("图书馆消息：%(title)s") % p,
            _("%(name)s，您好！%(message)s：%(title)s") % {"message": "", **p},
        )
    raise ValueError(f"no text for notice kind {kind!r}")


def _volunteer_shift_text(p: dict) -> NoticeText:
    """The volunteers app's notices about a shift: `what` says which."""
    p = {"when": "", "reason": "", "other": "", "hours": "", **p}
    what = p.get("what", "")
    if what == "shift_cancelled":
        return NoticeText(
            _("志愿服务班次取消：%(title)s") % p,
            _(
                "%(name)s，您好！很抱歉，您报名的志愿服务班次已取消：\n%(title)s\n%(when)s\n%(reason)s"
            )
            % p,
        )
    if what == "shift_changed":
        return NoticeText(
            _("志愿服务班次时间变更：%(title)s") % p,
            _("%(name)s，您好！您报名的志愿服务班次改到了新的时间：\n%(title)s\n%(when)s") % p,
        )
    if what == "swap_offered":
        return NoticeText(
            _("换班邀请：%(title)s") % p,
            _(
                "%(name)s，您好！志愿者 %(other)s 想把这个班次让给您：\n%(title)s\n%(when)s\n"
                "请在“我的志愿服务”中接受或谢绝。"
            )
            % p,
        )
    if what == "swap_accepted":
        return NoticeText(
            _("换班成功：%(title)s") % p,
            _(
                "%(name)s，您好！志愿者 %(other)s 接受了您的换班邀请，"
                "这个班次由对方参加：\n%(title)s\n%(when)s"
            )
            % p,
        )
    if what == "hours_approved":
        return NoticeText(
            _("服务时长已认定：%(hours)s 小时") % p,
            _("%(name)s，您好！您在“%(title)s”（%(when)s）的志愿服务时长已认定为 %(hours)s 小时。")
            % p,
        )
    raise ValueError(f"no text for volunteer notice {what!r}")
