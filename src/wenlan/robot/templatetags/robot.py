"""`{% robot_chat %}`: the chat box, placed just before `</body>` in base.html. It
is left off staff pages (`/staff/...`, where librarians work, not readers) and
the admin."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from wenlan.robot.policies import transcript_owner

register = template.Library()

_LEFT_OFF = ("/staff/", "/admin/")


def chat_strings() -> dict[str, str]:
    """What the chat's script says, in the page's language (a JSON data block)."""
    return {
        "you": _("您"),
        "robot": _("文澜"),
        "thinking": _("正在查找……"),
        "sources": _("来源"),
        "see_also": _("另见"),
        "cites": _("出处"),
        "helpful": _("有帮助"),
        "unhelpful": _("没有帮助"),
        "thanks": _("谢谢您的评价。"),
        "ask_librarian": _("转给馆员"),
        "ask_librarian_intro": _("把这个问题和以上对话交给图书馆员，馆员会尽快答复。"),
        "email": _("电子邮箱（用于接收答复）"),
        "name": _("称呼（可不填）"),
        "send_to_librarian": _("确认转给馆员"),
        "cancel": _("取消"),
        "handed_over": _("已转给馆员，问题编号 %(id)s。在这里查看进度和答复："),
        "follow": _("查看我的问题"),
        "error": _("出了点问题，请稍后再试。"),
    }


@register.inclusion_tag("robot/_chat.html", takes_context=True)
def robot_chat(context) -> dict:
    request = context.get("request")
    shown = request is not None and not request.path.startswith(_LEFT_OFF)
    user = getattr(request, "user", None)
    return {
        "shown": shown,
        "ask_url": reverse("api:robot_ask") if shown else "",
        "csrf_token": context.get("csrf_token", ""),
        "signed_in": bool(user and user.is_authenticated),
        "owner": transcript_owner(request.session.session_key) if shown else "",
        "strings": chat_strings() if shown else {},
    }
