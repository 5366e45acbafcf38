"""Messages to card holders, queued after commit. Each takes ids and re-reads."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wenlan.patrons.selectors import reader_get_unerased


@task()
def reader_signup_refused_notify(reader_id: int, kind: str) -> bool:
    """Someone asked to open an online account for this card and it was not
    opened: the holder hears why and what to do, at the e-mail address on record
    (no message when there is none: the sign-up page points to the desk)."""
    reader = reader_get_unerased(reader_id=reader_id)
    if reader is None or not reader.email:
        return False
    with translation.override(reader.language):
        card = reader.card_display
        if kind == "online":
            body = _(
                "有人尝试为您的读者卡 %(card)s 开通网上账号，但这张卡已经开通。"
                "如果是您本人，请用读者卡号和密码直接登录；忘记密码请携带读者卡到任一服务台办理。"
                "如果不是您本人，无需处理，您的账号没有任何变化。"
            ) % {"card": card}
        else:
            body = _(
                "有人尝试为您的读者卡 %(card)s 开通网上账号，但填写的手机号码与办卡时登记的不符。"
                "如果是您本人，请填写办卡时登记的手机号码再试，或携带读者卡到任一服务台办理。"
                "如果不是您本人，无需处理。"
            ) % {"card": card}
        send_mail(_("文澜：关于您的读者卡"), body, None, [reader.email])
    return True
